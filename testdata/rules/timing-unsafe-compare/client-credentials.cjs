// OAuth client-credentials endpoint and per-client key checks of the token
// service. Clients present mTLS certificates and their client secret or key.
'use strict';

const crypto = require('node:crypto');
const Koa = require('koa');
const Router = require('koa-router');
const bodyParser = require('koa-bodyparser');
const db = require('./db.cjs');

const app = new Koa();
const router = new Router();

function digest(value) {
  return crypto.createHash('sha256').update(String(value)).digest();
}

router.post('/oauth/token', async (ctx) => {
  const { grant_type: grantType, client_id: clientId, client_secret } = ctx.request.body;
  // ok: timing-unsafe-compare -- a grant type literal
  if (grantType !== 'client_credentials') ctx.throw(400, 'unsupported_grant_type');
  const client = await db.clients.findById(clientId);
  // ok: timing-unsafe-compare -- a presence check
  if (!client) ctx.throw(401, 'invalid_client');
  // expect: timing-unsafe-compare
  if (client.clientSecret !== client_secret) ctx.throw(401, 'invalid_client');
  ctx.body = { token_type: 'Bearer', expires_in: 3600 };
});

// The stored key is looked up for the client named in the request.
router.use('/v1', async (ctx, next) => {
  const clientId = ctx.get('x-client-id');
  const stored = await db.keys.findApiKeyForClient(clientId);
  const presented = ctx.get('api-key');
  const given = presented;
  // expect: timing-unsafe-compare
  if (stored.apiKey !== given) ctx.throw(401);
  await next();
});

// A client may hold several keys; the list is searched with the presented one.
router.use('/v2', async (ctx, next) => {
  const presented = ctx.get('apikey');
  const keys = await db.keys.listForClient(ctx.get('x-client-id'));
  // expect: timing-unsafe-compare
  const match = keys.find((k) => k.value === presented);
  // ok: timing-unsafe-compare -- a presence check on the search result
  if (match === undefined) ctx.throw(401);
  const values = keys.map((k) => k.value);
  // expect: timing-unsafe-compare
  if (values.indexOf(presented) < 0) ctx.throw(401);
  // ok: timing-unsafe-compare -- a Set lookup by hash
  if (new Set(values).has(presented)) ctx.state.keyKnown = true;
  await next();
});

// Basic auth on the metrics endpoint.
router.get('/metrics', async (ctx) => {
  const [scheme, encoded] = ctx.get('authorization').split(' ');
  // ok: timing-unsafe-compare -- a scheme literal
  if (scheme !== 'Basic') ctx.throw(401);
  const [, pass] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  // expect: timing-unsafe-compare
  if (pass !== process.env.METRICS_PASSWORD) ctx.throw(401);
  ctx.body = '';
});

// A parameter named like a key is a key, whatever the caller passes.
function isCurrentKey(apiKey, candidate) {
  // expect: timing-unsafe-compare
  return apiKey === candidate;
}

// Shadowing: the callback's `presented` is a key id from the list, not the key.
router.get('/v1/keys/:id', async (ctx) => {
  const presented = ctx.get('x-api-key');
  const ids = await db.keys.idsForClient(ctx.get('x-client-id'));
  // ok: timing-unsafe-compare -- the parameter shadows the header value
  const owned = ids.some((presented) => presented === ctx.params.id);
  // ok: timing-unsafe-compare -- the outer key is only counted
  if (!owned || presented.length > 512) ctx.throw(404);
  ctx.body = { id: ctx.params.id, current: isCurrentKey(await db.keys.current(ctx.params.id), presented) };
});

// The fixed endpoint: both secrets hashed, then compared in constant time.
router.post('/oauth/token/v2', async (ctx) => {
  const { client_id: clientId, client_secret: clientSecret } = ctx.request.body;
  const client = await db.clients.findById(clientId);
  const known = client ? client.clientSecret : crypto.randomBytes(32).toString('hex');
  // ok: timing-unsafe-compare -- equal-length digests, constant-time compare
  const valid = crypto.timingSafeEqual(digest(clientSecret), digest(known));
  // ok: timing-unsafe-compare -- booleans
  if (!client || valid === false) ctx.throw(401, 'invalid_client');
  ctx.body = { token_type: 'Bearer', expires_in: 3600 };
});

app.use(bodyParser());
app.use(router.routes());

module.exports = app;
