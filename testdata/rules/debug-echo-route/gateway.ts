// Partner gateway in front of the keys API: it checks the caller, forwards to
// internal services and adds a few response headers of its own.
import Koa from 'koa';
import type { ParameterizedContext } from 'koa';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { upstreams } from './upstreams';

type GatewayState = { route?: string; upstream?: string };

const app = new Koa<GatewayState>();
const router = new Router<GatewayState>();

// A destructured context: `request` and `response` are ctx.request and
// ctx.response.
app.use(async ({ request, response }: Koa.Context, next: Koa.Next) => {
  await next();
  if (response.status === 404 && request.path.startsWith('/__')) {
    // expect: debug-echo-route
    response.body = { path: request.path, headers: request.headers };
  }
});

app.use(async ({ request, response }, next) => {
  await next();
  if (request.path === '/__mirror') {
    // ok: debug-echo-route
    response.body = request.body;
  }
});

// The context can be called anything.
router.all('/echo/:rest*', async (c) => {
  // expect: debug-echo-route
  c.body = { method: c.method, url: c.url, headers: c.req.headers };
});

router.get('/gateway/trace', (c: ParameterizedContext<GatewayState>) => {
  // expect: debug-echo-route
  c.append('x-gateway-trace', `route=${c.state.route};auth=${c.get('authorization')}`);
  // ok: debug-echo-route
  c.append('x-gateway-trace', `route=${c.state.route};upstream=${c.state.upstream}`);
  c.status = 204;
});

router.get('/gateway/session', (ctx: RouterContext<GatewayState>) => {
  const sid = ctx.cookies.get('gw.sid');
  // expect: debug-echo-route
  ctx.set('x-session-id', sid as string);
  ctx.status = 204;
});

router.get('/gateway/cookie-jar', (ctx: RouterContext<GatewayState>) => {
  // expect: debug-echo-route
  ctx.body = { cookies: ctx.request.header.cookie as string | undefined };
});

router.get('/gateway/keys-debug', (ctx: RouterContext<GatewayState>) => {
  const forwarded = {
    'x-api-key': ctx.get('x-api-key'),
    'x-request-id': ctx.get('x-request-id'),
  };
  // expect: debug-echo-route
  ctx.body = { forwarded };
});

// Forwarded to the upstream, not sent back to the caller.
router.all('/api/(.*)', async (ctx: RouterContext<GatewayState>) => {
  const target = upstreams.resolve(ctx.path);
  ctx.state.upstream = target.name;
  // ok: debug-echo-route
  const res = await fetch(target.url + ctx.url, {
    method: ctx.method,
    headers: {
      authorization: ctx.get('authorization'),
      'x-api-key': ctx.get('x-api-key'),
      'content-type': ctx.get('content-type'),
    },
    body: ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : JSON.stringify(ctx.request.body),
  });
  ctx.status = res.status;
  // ok: debug-echo-route
  ctx.set('content-type', res.headers.get('content-type') ?? 'application/json');
  // ok: debug-echo-route
  ctx.body = await res.text();
});

// A sliding session: the cookie is re-set with a new expiry, not echoed into
// a header or the body.
router.get('/gateway/keepalive', (ctx: RouterContext<GatewayState>) => {
  const sid = ctx.cookies.get('gw.sid');
  if (sid) {
    // ok: debug-echo-route
    ctx.cookies.set('gw.sid', sid, { httpOnly: true, sameSite: 'strict', maxAge: 15 * 60 * 1000 });
  }
  // ok: debug-echo-route
  ctx.set('Vary', 'Authorization, Cookie');
  // ok: debug-echo-route
  ctx.set('Cache-Control', 'no-store');
  ctx.status = 204;
});

router.get('/gateway/status', (ctx: RouterContext<GatewayState>) => {
  // ok: debug-echo-route
  ctx.body = { status: 'ok', uptime: process.uptime(), upstreams: upstreams.names() };
});

router.get('/gateway/whoami', (ctx: RouterContext<GatewayState>) => {
  // ok: debug-echo-route
  ctx.body = { route: ctx.state.route, ip: ctx.ip, ua: ctx.get('User-Agent') as string };
});

app.use(router.routes());

export default app;
