// Central error handling of the partner keys API. Each app below is mounted by
// the gateway under its own prefix; the first versions shipped with the
// service, the later ones replaced them after the pen test.
const { randomUUID } = require('node:crypto');
const util = require('node:util');
const Koa = require('koa');

// v1 of the public API: "helpful" errors with the stack attached.
const publicApi = new Koa();
publicApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    // expect: verbose-error -- the stack trace goes to the caller
    ctx.body = { error: err.message, stack: err.stack };
  }
});

// v1 of the partner API: the whole error object, which for an axios error
// serialises its config, headers and keys included.
const partnerApi = new Koa();
partnerApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    // expect: verbose-error -- the whole error
    ctx.body = err;
  }
});

// The admin API wrapped it in an envelope: still the whole error.
const adminApi = new Koa();
adminApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.statusCode || 500;
    // expect: verbose-error -- { error: err } is the whole error
    ctx.body = { ok: false, error: err };
  }
});

// The billing API spread the error into the body.
const billingApi = new Koa();
billingApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    // expect: verbose-error -- a spread copies config/request/response too
    ctx.body = { ...err, message: err.message };
  }
});

// The reports API serialised it by hand, as text.
const reportsApi = new Koa();
reportsApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.type = 'text/plain';
    if (ctx.accepts('json')) {
      // expect: verbose-error -- JSON.stringify(err) of an axios error includes err.config
      ctx.body = JSON.stringify(err);
    } else {
      // expect: verbose-error -- util.inspect prints the stack and every property
      ctx.body = util.inspect(err, { depth: 4 });
    }
  }
});

// The status page rendered an HTML error page with the trace in it.
const statusPage = new Koa();
statusPage.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.type = 'html';
    const trace = err.stack;
    // expect: verbose-error -- the stack, through a binding and a template literal
    ctx.body = `<h1>Something went wrong</h1><pre>${trace}</pre>`;
  }
});

// The key lookup answered "not found" with the key it looked for.
const keysApi = new Koa();
keysApi.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const presented = ctx.get('x-api-key');
    ctx.status = err.status || 500;
    // expect: verbose-error -- the caller's API key copied into the error body
    ctx.body = { error: err.message, key: presented };
  }
});

// v2, used by every app above since the pen test: a fixed message and a request
// id; the details stay in the server's log, looked up by that id.
const current = new Koa();
current.use(async (ctx, next) => {
  const requestId = ctx.get('x-request-id') || randomUUID();
  // ok: verbose-error -- a request id is not a credential
  ctx.set('x-request-id', requestId);
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    // ok: verbose-error -- logging the stack on the server is not a response
    console.error(requestId, err.stack);
    if (ctx.status >= 500) {
      // ok: verbose-error -- fixed text and the request id
      ctx.body = { error: 'internal error', requestId };
    } else {
      // ok: verbose-error -- err.message, err.code and err.status are what errors are for
      ctx.body = { error: err.message, code: err.code, status: err.status, requestId };
    }
  }
});

// v2 of the error page: the same, as HTML.
const currentStatusPage = new Koa();
currentStatusPage.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = 500;
    ctx.type = 'html';
    const requestId = ctx.state.requestId;
    // ok: verbose-error -- fixed text and the request id
    ctx.body = `<h1>Something went wrong</h1><p>Quote ${requestId} when you contact support.</p>`;
  }
});

module.exports = {
  publicApi,
  partnerApi,
  adminApi,
  billingApi,
  reportsApi,
  statusPage,
  keysApi,
  current,
  currentStatusPage,
};
