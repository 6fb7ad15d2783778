'use strict';

// Two generations side by side: the /v0 listener is still a Koa 1 app with
// generator middleware, and the v1 and ops routers below are the Koa 2
// routers that server.js mounts on the new app.
const util = require('node:util');
const Router = require('koa-router');
const { keyStore } = require('./key-store.cjs');

const app = require('koa')();

app.use(function* responseTime(next) {
  const started = Date.now();
  yield next;
  // ok: debug-echo-route
  this.set('X-Response-Time', `${Date.now() - started}ms`);
});

// In Koa 1 generator middleware, `this` is the context.
app.use(function* (next) {
  yield next;
  if (this.path === '/_echo') {
    // expect: debug-echo-route
    this.body = this.headers;
  }
});

app.use(function* (next) {
  if (this.path !== '/_whoami') {
    yield next;
    return;
  }
  // expect: debug-echo-route
  this.body = { caller: this.get('X-Auth-Token'), ip: this.ip };
});

app.use(function* (next) {
  if (this.path !== '/_ping') {
    yield next;
    return;
  }
  // ok: debug-echo-route
  this.body = { pong: true, pid: process.pid };
});

// Router() without `new`.
const v1 = Router({ prefix: '/v1' });

v1.del('/sessions/current', (ctx) => {
  const sid = ctx.cookies.get('partner.sid');
  // expect: debug-echo-route
  ctx.body = { revoked: sid };
});

v1.all('/echo', (ctx) => {
  const dump = util.inspect(ctx.request.headers, { compact: true });
  // expect: debug-echo-route
  ctx.body = `headers: ${dump}`;
});

v1.put('/keys/:id/label', async (ctx) => {
  const entry = await keyStore.relabel(ctx.params.id, ctx.request.body.label);
  // ok: debug-echo-route
  ctx.body = { id: entry.id, label: entry.label };
});

v1.head('/keys/:id', async (ctx) => {
  // ok: debug-echo-route
  ctx.status = (await keyStore.exists(ctx.params.id)) ? 204 : 404;
});

v1.options('/keys', (ctx) => {
  // ok: debug-echo-route
  ctx.set('Allow', 'GET, POST, OPTIONS');
  // ok: debug-echo-route
  ctx.set('Access-Control-Allow-Headers', 'authorization, x-api-key, content-type');
  ctx.status = 204;
});

// require('@koa/router')() is a router as well.
const ops = require('@koa/router')();

ops.get('/ops/upstream-auth', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { upstream: process.env.LEDGER_API_TOKEN };
});

ops.get('/ops/env', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { env: process.env.NODE_ENV, logLevel: process.env.LOG_LEVEL };
});

// Used by the unit tests: `this` here is a plain recording object, not a
// Koa context, and the method is not middleware.
class RecordingContext {
  constructor(headers) {
    this.headers = headers;
    this.body = undefined;
  }

  echo() {
    // ok: debug-echo-route
    this.body = this.headers;
  }
}

// Kept for the retired support page; nothing registers it.
function fill(ctx) {
  // ok: debug-echo-route
  ctx.body = ctx.headers;
}

module.exports = { app, v1, ops, RecordingContext, fill };
