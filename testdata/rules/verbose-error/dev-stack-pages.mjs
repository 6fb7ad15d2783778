// Error pages of the partner portal's BFF. Stacks are shown in development
// only; production answers with a request id.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const isDev = app.env === 'development';

// Development error page: a guarded `if` block.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    if (app.env === 'development') {
      ctx.type = 'html';
      // ok: verbose-error -- inside `if (app.env === 'development')`
      ctx.body = `<h1>${err.message}</h1><pre>${err.stack}</pre>`;
      return;
    }
    // ok: verbose-error -- production gets the message only for exposed errors
    ctx.body = { error: err.expose ? err.message : 'internal error' };
  }
});

// The NODE_ENV spelling of the same guard.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (process.env.NODE_ENV !== 'production') {
      // ok: verbose-error -- inside `if (process.env.NODE_ENV !== 'production')`
      ctx.body = { error: err.message, stack: err.stack };
    } else {
      // ok: verbose-error -- the production branch: fixed text and a request id
      ctx.body = { error: 'internal error', requestId: ctx.state.requestId };
    }
  }
});

// A ternary on the context's app.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    // ok: verbose-error -- the stack only when ctx.app.env is 'dev'
    ctx.body = { error: 'internal error', stack: ctx.app.env === 'dev' ? err.stack : undefined };
  }
});

// An early return for production.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    if (app.env === 'production') return;
    // ok: verbose-error -- production returned above
    ctx.body = { error: err.message, stack: err.stack };
  }
});

// The guard inverted by mistake: stacks in production, nothing in development.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (app.env === 'production') {
      // expect: verbose-error -- inside the production branch
      ctx.body = { error: 'internal error', stack: err.stack };
    }
  }
});

// A guard that fails open: NODE_ENV is unset in the container, so this
// branch runs in production.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (process.env.NODE_ENV === 'production') {
      // ok: verbose-error -- fixed text in the production branch
      ctx.body = { error: 'internal error' };
    } else {
      // ok: verbose-error -- the else of a production check is the development branch
      ctx.body = { error: err.message, stack: err.stack };
    }
  }
});

// A check that is not about the environment guards nothing.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (ctx.query.debug === '1') {
      // expect: verbose-error -- any caller can ask for ?debug=1
      ctx.body = { error: err.message, stack: err.stack };
    }
  }
});

// A debug flag the caller controls is not a development check either.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (ctx.query.debug) {
      // expect: verbose-error -- `?debug` comes from the caller, not from the deployment
      ctx.body = { error: err.message, stack: err.stack };
    }
  }
});

// `||` opens the development branch to anyone who sends the header.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    if (app.env === 'development' || ctx.get('x-debug') === '1') {
      // expect: verbose-error -- in production, any caller with `x-debug: 1` gets the stack
      ctx.body = { error: err.message, stack: err.stack };
    }
  }
});

// `&&` with a development flag, inside the body object.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    // ok: verbose-error -- `isDev && err.stack` is false in production
    ctx.body = { error: 'internal error', requestId: ctx.state.requestId, stack: isDev && err.stack };
  }
});

// The same stack unguarded, for the health-check router.
const router = new Router();
router.get('/healthz', async (ctx) => {
  try {
    await ctx.state.db.ping();
    ctx.body = { status: 'ok' };
  } catch (err) {
    ctx.status = 503;
    // expect: verbose-error -- the stack of a database error: driver, paths and host names
    ctx.body = { status: 'down', reason: err.stack };
  }
});

// A stack in the body only in development, written with the boolean `isDev` in an if.
router.get('/readyz', async (ctx) => {
  try {
    await ctx.state.db.ping();
    ctx.body = { status: 'ok' };
  } catch (err) {
    ctx.status = 503;
    const requestId = randomUUID();
    console.error(requestId, err.stack);
    if (isDev) {
      // ok: verbose-error -- `isDev` is `app.env === 'development'`
      ctx.body = { status: 'down', reason: err.stack, requestId };
    } else {
      // ok: verbose-error -- fixed text and the request id
      ctx.body = { status: 'down', requestId };
    }
  }
});

app.use(router.routes());

export default app;
