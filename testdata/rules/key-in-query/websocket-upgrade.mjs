// WebSocket endpoints of the live dashboard. Browsers cannot set headers on a
// WebSocket handshake, so the first versions took the token from the URL;
// v2 exchanges the session for a single-use ticket over an authenticated
// request and reads the ticket from `Sec-WebSocket-Protocol`.
import Koa from 'koa';
import Router from '@koa/router';
import websocket from 'koa-easy-ws';
import websockify from 'koa-websocket';
import { sessions } from './sessions.js';
import { tickets } from './tickets.js';
import { boards } from './boards.js';

const app = new Koa();
const router = new Router();
app.use(websocket());

// `wss://live.example.com/v1/stream?token=…`
router.get('/v1/stream', async (ctx) => {
  if (!ctx.ws) ctx.throw(426);
  // expect: key-in-query -- the session token is in the handshake URL
  const session = await sessions.byToken(ctx.query.token);
  if (!session) ctx.throw(401);
  const ws = await ctx.ws();
  sessions.attach(session.id, ws);
});

router.get('/v1/notifications', async (ctx) => {
  // expect: key-in-query
  const token = new URLSearchParams(ctx.querystring).get('access_token');
  // ok: key-in-query -- the channel to subscribe to
  const channel = new URLSearchParams(ctx.querystring).get('channel');
  const session = await sessions.byToken(token);
  if (!session || !ctx.ws) ctx.throw(401);
  sessions.subscribe(session.id, channel, await ctx.ws());
});

router.get('/v1/presence', async (ctx) => {
  // expect: key-in-query
  const auth = ctx.URL.searchParams.get('auth');
  // ok: key-in-query -- the room is not a credential
  const room = ctx.URL.searchParams.get('room');
  const session = await sessions.byToken(auth);
  if (!session || !ctx.ws) ctx.throw(401);
  sessions.join(session.id, room, await ctx.ws());
});

// The board view came from the SSO team and uses their id token.
router.get('/v1/boards/:board/live', async (c) => {
  const url = new URL(c.href);
  // expect: key-in-query -- searchParams of a URL made from the request's href
  const idToken = url.searchParams.get('id_token');
  // ok: key-in-query -- the client's protocol version
  const version = url.searchParams.get('v');
  const board = await boards.forIdToken(c.params.board, idToken);
  if (!board || !c.ws) c.throw(401);
  boards.stream(board, version, await c.ws());
});

// Mobile clients of 2021 sent the whole header value in `?authorization=`.
router.get('/v1/mobile/stream', async (ctx) => {
  // expect: key-in-query
  const header = new URLSearchParams(ctx.search).get('authorization');
  // expect: key-in-query -- the refresh token as well, for reconnects
  const refresh = new URL(ctx.href).searchParams.get('refresh_token');
  const session = await sessions.byAuthorization(header, refresh);
  if (!session || !ctx.ws) ctx.throw(401);
  sessions.attach(session.id, await ctx.ws());
});

// v2: a single-use ticket, issued over an authenticated request, in the subprotocol header.
router.post('/v2/tickets', async (ctx) => {
  // ok: key-in-query -- the bearer token is read from a header
  const [, bearer] = ctx.get('authorization').split(' ');
  const session = await sessions.byToken(bearer);
  if (!session) ctx.throw(401);
  ctx.body = { ticket: await tickets.issue(session.id, { ttlSeconds: 30 }) };
});

router.get('/v2/stream', async (ctx) => {
  // ok: key-in-query -- the ticket comes in a header
  const offered = ctx.get('sec-websocket-protocol').split(',').map((p) => p.trim());
  const session = await tickets.redeem(offered.find((p) => p.startsWith('ticket.')));
  if (!session || !ctx.ws) ctx.throw(401);
  const ws = await ctx.ws();
  ws.on('message', (data) => {
    // ok: key-in-query -- a message on the socket, not the request's URL
    const command = new URLSearchParams(String(data)).get('token');
    // ok: key-in-query -- a fixed string
    const defaults = new URLSearchParams('key=presence&heartbeat=30').get('key');
    sessions.handle(session.id, command, defaults);
  });
});

app.use(router.routes());

// The old listener of koa-websocket, kept for the 2019 kiosks.
export const legacy = websockify(new Koa());
legacy.ws.use(async (context, next) => {
  // expect: key-in-query -- destructured from the query of the handshake
  const { key } = context.query;
  // ok: key-in-query -- the kiosk's id
  const kiosk = context.query.kiosk;
  context.state.kiosk = await sessions.kiosk(kiosk, key);
  await next();
});

export default app;
