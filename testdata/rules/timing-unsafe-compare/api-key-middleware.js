// API-key middleware of the partner gateway. Partners are authenticated by
// their client certificate at the TLS terminator and by an API key here.
const crypto = require('node:crypto');
const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

const { API_KEY } = process.env;
const apiKeyHeader = 'x-api-key';

function sha256(value) {
  return crypto.createHash('sha256').update(String(value)).digest();
}

// The first version, still mounted on the legacy listener.
app.use(async (ctx, next) => {
  // ok: timing-unsafe-compare -- the method of a request is not a secret
  if (ctx.method === 'OPTIONS' || ctx.path === '/healthz') return next();
  const presented = ctx.get(apiKeyHeader).trim();
  // ok: timing-unsafe-compare -- a presence check
  if (!presented) ctx.throw(401, 'missing api key');
  // ok: timing-unsafe-compare -- a type check
  if (typeof presented !== 'string') ctx.throw(400);
  // ok: timing-unsafe-compare -- an emptiness check
  if (presented.length === 0) ctx.throw(401, 'empty api key');
  // expect: timing-unsafe-compare
  if (presented !== API_KEY) {
    ctx.throw(401, 'invalid api key');
  }
  await next();
});

// Keys in the query string, for partners whose webhooks cannot set headers.
router.get('/v1/callbacks/:partner', async (ctx) => {
  // expect: key-in-query -- the key travels in the URL
  const { api_key: queryKey } = ctx.query;
  // ok: timing-unsafe-compare -- a null check
  if (queryKey == null) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (queryKey != process.env.CALLBACK_API_KEY) ctx.throw(401);
  ctx.status = 204;
});

router.get('/v1/export', async (ctx) => {
  // expect: key-in-query -- the key travels in the URL
  const key = ctx.request.query.key;
  // ok: timing-unsafe-compare -- an undefined check
  if (key === undefined) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (`${key}` == `${process.env.EXPORT_API_KEY}`) {
    ctx.body = { ready: true };
  }
});

// Share links: `/v1/shares/:id?key=…`, the key being the only credential.
router.get('/v1/shares/:id', async (ctx) => {
  // expect: key-in-query -- the key travels in the URL
  const { key } = ctx.query;
  const share = await ctx.state.shares.byId(ctx.params.id);
  // ok: timing-unsafe-compare -- an id is not a secret
  if (share.id !== ctx.params.id) ctx.throw(404);
  // expect: timing-unsafe-compare
  if (key !== share.code) ctx.throw(404);
  ctx.body = share.document;
});

// Two keys during a rotation: the switch is one finding, at its first real case.
router.post('/v1/ingest', async (ctx) => {
  const { 'x-api-key': headerKey } = ctx.headers;
  const candidate = headerKey;
  switch (candidate) {
    // ok: timing-unsafe-compare -- a missing header
    case undefined:
      ctx.throw(401);
      break;
    // expect: timing-unsafe-compare
    case process.env.INGEST_API_KEY:
    // ok: timing-unsafe-compare -- the same switch, already reported at its first case
    case process.env.INGEST_NEXT_API_KEY:
      ctx.state.keyGeneration = 'current';
      break;
    default:
      ctx.throw(401);
  }
  ctx.status = 202;
});

// A switch over the scheme only: nothing secret is compared.
router.get('/v1/whoami', async (ctx) => {
  const [scheme] = ctx.get('authorization').split(' ');
  switch (scheme) {
    // ok: timing-unsafe-compare -- a scheme literal
    case 'Bearer':
      ctx.body = { kind: 'token' };
      break;
    // ok: timing-unsafe-compare -- a scheme literal
    case 'Basic':
      ctx.body = { kind: 'password' };
      break;
    default:
      ctx.status = 401;
  }
});

// The fixed version: both sides hashed to 32 bytes, compared in constant time.
router.use('/v2', async (ctx, next) => {
  const presented = ctx.get('x-api-key');
  const a = sha256(presented);
  const b = sha256(API_KEY);
  // ok: timing-unsafe-compare -- timingSafeEqual over two sha256 digests
  if (!crypto.timingSafeEqual(a, b)) ctx.throw(401, 'invalid api key');
  await next();
});

// Shadowing: this handler's `presented` is a request id, not a key.
router.get('/v1/replay', async (ctx) => {
  const presented = ctx.get('x-request-id');
  // ok: timing-unsafe-compare -- a request id is not a secret
  if (presented === ctx.state.lastRequestId) ctx.status = 409;
});

// Shadowing the other way: a name that held a header name now holds the key.
router.get('/v1/limits', async (ctx) => {
  let header = apiKeyHeader;
  header = ctx.get(header);
  // expect: timing-unsafe-compare
  if (header !== process.env.LIMITS_API_KEY) ctx.throw(401);
  ctx.body = { perMinute: 600 };
});

app.use(router.routes());
module.exports = app;
