'use strict';

// Access and debug logging of the partner gateway in front of the keys API.
// Partners reach it over mutual TLS and then present an API key, a bearer
// token or a session cookie, so nearly every request carries a credential in
// one of its headers. Everything here goes to stdout/stderr via console.

const util = require('node:util');
const Koa = require('koa');
const Router = require('@koa/router');

const clients = require('./clients');
const metrics = require('./metrics');

const app = new Koa();
const router = new Router({ prefix: '/v1' });

const DEBUG_REQUESTS = process.env.DEBUG_REQUESTS === '1';

// ok: header-logging
console.log('gateway starting: log level %s, port %s', process.env.LOG_LEVEL, process.env.PORT);
// expect: header-logging
console.log('billing credentials loaded:', process.env.BILLING_API_KEY);

// Access log: one line per request, plus the headers when debugging.
app.use(async (ctx, next) => {
  const started = process.hrtime.bigint();
  await next();
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  // ok: header-logging
  console.log(`${ctx.method} ${ctx.originalUrl} ${ctx.status} ${durationMs.toFixed(1)}ms`);
  process.stdout.write(
    // ok: header-logging
    JSON.stringify({
      requestId: ctx.get('x-request-id'),
      userAgent: ctx.get('user-agent'),
      forwardedFor: ctx.get('x-forwarded-for'),
      clientCert: ctx.get('x-forwarded-client-cert'),
      bytes: ctx.length,
    }) + '\n',
  );
  if (DEBUG_REQUESTS) {
    // expect: header-logging
    console.debug('request headers', ctx.headers);
    // expect: header-logging
    process.stderr.write(`headers: ${JSON.stringify(ctx.request.headers)}\n`);
  }
});

// Error handler. TODO(ops-412): drop the full context once the 500s are understood.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: ctx.status === 500 ? 'internal error' : err.message };
    // expect: header-logging
    console.error('request failed', err, ctx);
    // ok: header-logging
    console.error('request failed: %s %s -> %d', ctx.method, ctx.path, ctx.status, err);
    // ok: header-logging
    ctx.app.emit('error', err, ctx);
  }
});

async function requireApiKey(ctx, next) {
  const presented = ctx.get('X-API-Key');
  if (!presented) {
    // ok: header-logging
    console.warn(`missing api key: ${ctx.method} ${ctx.path} from ${ctx.ip}`);
    ctx.throw(401, 'missing api key');
  }
  const client = await clients.findByApiKey(presented);
  if (!client) {
    // expect: header-logging
    console.warn('unknown api key ' + presented + ' from ' + ctx.ip);
    ctx.throw(401, 'invalid api key');
  }
  // ok: header-logging
  console.info(`api key accepted for client ${client.id} (${presented.length} chars)`);
  ctx.state.client = client;
  await next();
}

router.use(requireApiKey);

router.get('/whoami', (ctx) => {
  // expect: header-logging
  console.log('whoami', util.inspect(ctx.request, { depth: 3 }));
  ctx.body = { client: ctx.state.client.id };
});

router.post('/sessions/refresh', async (ctx) => {
  const sid = ctx.cookies.get('sid');
  // expect: header-logging
  console.log('refreshing session %s', sid);
  // ok: header-logging
  console.log('refreshing session of client %s via %s', ctx.state.client.id, ctx.get('user-agent'));
  ctx.status = 204;
});

router.get('/diagnostics/auth', (ctx) => {
  const auth = ctx.header.authorization;
  // expect: header-logging
  console.trace('authorization: ' + String(auth));
  // ok: header-logging
  console.log('authorization is %d chars', String(auth).length);
  // expect: header-logging
  console.dir({ cookie: ctx.get('cookie').toString() }, { depth: null });
  // ok: header-logging
  console.dir({ accept: ctx.get('accept'), host: ctx.host, type: ctx.get('content-type') }, { depth: null });
  ctx.status = 204;
});

router.get('/diagnostics/raw', (ctx) => {
  // expect: header-logging
  console.table(ctx.req.rawHeaders);
  // expect: header-logging
  console.log(util.format('%s %s %o', ctx.method, ctx.url, ctx.req.headers));
  // Two credentials in one call on one line: one finding per line.
  // expect: header-logging
  console.log(ctx.get('authorization'), ctx.get('x-api-key'));
  console.log(
    // expect: header-logging
    ctx.headers['proxy-authorization'],
    // ok: header-logging
    ctx.headers['x-request-id'],
    // expect: header-logging
    ctx.request.header.cookie,
  );
  // ok: header-logging
  console.log('header bytes: %d', JSON.stringify(ctx.headers).length);
  // ok: header-logging
  console.log('content length: %s', ctx.headers['content-length']);
  // ok: header-logging
  metrics.observe('gateway.request_headers', ctx.headers);
  ctx.status = 204;
});

// Used by scripts/replay.js to print recorded requests; it is never mounted.
function describe(ctx) {
  // ok: header-logging
  console.log(ctx.method, ctx.url, ctx.headers);
}

// Outgoing headers for calls to the billing service: not request headers.
function upstreamHeaders(requestId) {
  const headers = { accept: 'application/json', 'x-request-id': requestId };
  // ok: header-logging
  console.debug('upstream headers', headers);
  return headers;
}

app.use(router.routes());
app.use(router.allowedMethods());

module.exports = { app, describe, upstreamHeaders };
