// Diagnostics routes of the keys API. They are mounted on the admin listener,
// which partners also reach through the mTLS gateway, so whatever these routes
// echo back is read by whoever made the request and by every proxy and log
// in between.
import os from 'node:os';
import util from 'node:util';
import Router from '@koa/router';
import { requireAdmin } from './auth.js';
import { metrics } from './metrics.js';
import { version } from './version.js';

const router = new Router();

router.get('/debug/headers', (ctx) => {
  // expect: debug-echo-route
  ctx.body = ctx.headers;
});

router.get('/debug/request', requireAdmin, async (ctx) => {
  // expect: debug-echo-route
  ctx.body = {
    method: ctx.method,
    url: ctx.url,
    ip: ctx.ip,
    headers: ctx.request.headers,
  };
});

// The whole request object: Koa's toJSON() of it includes `header`.
router.all('/__dump', async (ctx) => {
  // expect: debug-echo-route
  ctx.body = ctx.request;
});

router.get('/debug/raw-headers', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { raw: ctx.req.rawHeaders };
});

router.get('/debug/inspect', (ctx) => {
  ctx.type = 'text/plain';
  // expect: debug-echo-route
  ctx.body = util.inspect(ctx, { depth: 4 });
});

router.get('/test/whoami', (ctx) => {
  const { authorization } = ctx.headers;
  // expect: debug-echo-route
  ctx.body = { authorization };
});

router.post('/debug/echo', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { received: ctx.request.body, headers: ctx.header };
});

router.get('/debug/session', (ctx) => {
  // expect: debug-echo-route
  ctx.response.body = { sid: ctx.cookies.get('keys.sid') };
});

router.get('/dump/context', requireAdmin, (ctx) => {
  // expect: debug-echo-route
  ctx.body = ctx;
});

// Registered here, declared at the bottom of the file.
router.get('/echo', echo);

// Look-alikes below: diagnostics routes that return nothing the caller or a
// proxy should not see.

router.get('/debug/health', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { pid: process.pid, memory: process.memoryUsage(), uptime: process.uptime() };
});

router.get('/debug/version', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { version, node: process.version, host: os.hostname() };
});

router.post('/debug/echo-body', (ctx) => {
  // ok: debug-echo-route
  ctx.body = ctx.request.body;
});

router.get('/debug/query', (ctx) => {
  // ok: debug-echo-route
  ctx.body = ctx.query;
});

router.get('/debug/content-type', (ctx) => {
  // ok: debug-echo-route
  ctx.body = ctx.headers['content-type'];
});

router.get('/debug/client', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { ua: ctx.get('user-agent'), accept: ctx.get('accept'), host: ctx.get('host') };
});

router.get('/debug/auth-required', (ctx) => {
  // ok: debug-echo-route
  ctx.status = 401;
  // ok: debug-echo-route
  ctx.body = { required: ['authorization', 'x-api-key'] };
});

router.get('/debug/metrics', requireAdmin, async (ctx) => {
  // ok: debug-echo-route
  ctx.body = await metrics.snapshot();
});

router.get('/debug/request-line', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { method: ctx.method, path: ctx.path, ip: ctx.ip, requestId: ctx.get('x-request-id') };
});

function echo(ctx) {
  // expect: debug-echo-route
  ctx.body = ctx.request.headers;
}

export default router;
