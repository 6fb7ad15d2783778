// Middleware stack of the partner gateway: request ids, API-key checks, error
// handling, a diagnostics stack and a mounted debug app.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import compose from 'koa-compose';
import mount from 'koa-mount';
import { keyStore } from './key-store.mjs';

const app = new Koa();

// Request ids: a non-credential header copied to the response.
app.use(async (ctx, next) => {
  const requestId = ctx.get('x-request-id') || randomUUID();
  // ok: debug-echo-route
  ctx.set('x-request-id', requestId);
  await next();
});

// Errors are answered with the request attached "for support tickets".
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    // expect: verbose-error -- an error response: verbose-error owns it
    ctx.body = { error: err.message, request: ctx.request };
  }
});

// Both are declared further down; function declarations are hoisted.
app.use(requireApiKey);
app.use(echoUnknownRoutes);

// A separate Koa app mounted under /debug; its context is called `c`.
const debugApp = new Koa();
debugApp.use(async (c, next) => {
  await next();
  if (c.path === '/headers') {
    // expect: debug-echo-route
    c.body = c.request.header;
  } else if (c.path === '/status') {
    // ok: debug-echo-route
    c.body = { status: 'ok', uptime: process.uptime() };
  }
});
app.use(mount('/debug', debugApp));

// Elements of compose([...]) are middleware too.
export const diagnostics = compose([
  async (ctx, next) => {
    if (ctx.path !== '/__diag') {
      await next();
      return;
    }
    // expect: debug-echo-route
    ctx.body = JSON.stringify({ headers: ctx.headers, at: new Date().toISOString() });
  },
  async (ctx, next) => {
    if (ctx.path !== '/__diag/ping') {
      await next();
      return;
    }
    // ok: debug-echo-route
    ctx.body = 'pong';
  },
]);

// `router` is a parameter: its type is unknown here, but a function with at
// most two parameters passed to .get/.use on it is treated as a handler.
export function installDebugRoutes(router) {
  router.get('/debug/cookies', (ctx) => {
    // expect: debug-echo-route
    ctx.body = { cookie: ctx.get('cookie') };
  });

  router.get('/debug/forwarded', (ctx) => {
    // expect: debug-echo-route
    ctx.body = { proxyAuthorization: ctx.request.get('Proxy-Authorization') };
  });

  router.get('/debug/ping', (ctx) => {
    // ok: debug-echo-route
    ctx.body = { pong: true, at: Date.now() };
  });
}

// Exported middleware whose second parameter is `next`.
export default async (ctx, next) => {
  await next();
  if (ctx.status === 404 && ctx.query.verbose === '1') {
    // expect: debug-echo-route
    ctx.body = { error: 'no such route', path: ctx.path, sentHeaders: ctx.headers };
  }
};

// Exported middleware whose second parameter is called in its body.
export function traceCaller(ctx, done) {
  // expect: debug-echo-route
  ctx.set('x-trace-caller', ctx.get('authorization'));
  return done();
}

// Exported, two parameters, but the second is an error that is never
// called: this is a helper, not middleware, and its `ctx` is not followed.
export function problemDetails(ctx, err) {
  ctx.status = err.status ?? 500;
  // ok: debug-echo-route
  ctx.body = { type: 'about:blank', title: err.message, headers: ctx.headers };
}

async function requireApiKey(ctx, next) {
  const presented = ctx.get('x-api-key');
  if (!presented) {
    // ok: debug-echo-route
    ctx.status = 401;
    // ok: debug-echo-route
    ctx.set('WWW-Authenticate', 'ApiKey realm="keys"');
    // ok: debug-echo-route
    ctx.body = { error: 'missing x-api-key header' };
    return;
  }
  ctx.state.client = await keyStore.verify(presented);
  // ok: debug-echo-route
  ctx.set('Vary', 'x-api-key, authorization');
  await next();
}

async function echoUnknownRoutes(ctx) {
  ctx.type = 'text/plain';
  // expect: debug-echo-route
  ctx.body = `No route for ${ctx.method} ${ctx.path}\n\n${JSON.stringify(ctx.headers, null, 2)}`;
}

export { app };
