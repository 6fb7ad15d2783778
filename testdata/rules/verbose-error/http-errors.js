// Error factories shared by the routes of the keys service. Koa sends the
// message of an error with `expose = true` to the client (http-errors sets it
// for every 4xx), so whatever these messages carry leaves the service.
const createError = require('http-errors');
const Router = require('@koa/router');

// A helper outside any handler: the message carries the key it was given.
function invalidKey(apiKey) {
  const err = new Error(`API key ${apiKey} is not valid for this tenant`);
  err.status = 401;
  // expect: verbose-error -- exposes a message that carries the key
  err.expose = true;
  return err;
}

// The upstream wrapper copies the cause's stack into its message.
function upstreamFailed(cause) {
  const err = new Error(`upstream failed: ${cause.stack}`);
  err.status = 502;
  // expect: verbose-error -- exposes a message that carries a stack
  err.expose = true;
  return err;
}

// Configuration errors name the value that was wrong.
function badConfig() {
  const error = new TypeError('LEDGER_API_KEY is malformed: ' + process.env.LEDGER_API_KEY);
  // expect: verbose-error -- exposes the service's own key
  error.expose = true;
  return error;
}

// The fixed factories: the message says what is wrong, never with what.
function invalidKeyFixed(keyId) {
  const err = new Error(`API key ${keyId} is not valid for this tenant`);
  err.status = 401;
  // ok: verbose-error -- a key id is not the key
  err.expose = true;
  return err;
}

function upstreamFailedFixed(cause, requestId) {
  const err = new Error(`upstream failed (request ${requestId})`);
  err.status = 502;
  err.cause = cause;
  // ok: verbose-error -- the cause stays on the error for the server log; the message is fixed
  err.expose = true;
  return err;
}

// http-errors helpers with fixed messages.
const notFound = (what) => createError(404, `${what} not found`);
const forbidden = () => createError(403, 'this key may not use this route');

function hiddenUpstreamError(cause) {
  const err = new Error(`upstream failed: ${cause.stack}`);
  // ok: verbose-error -- expose is false: Koa answers "Internal Server Error"
  err.expose = false;
  return err;
}

const router = new Router();

router.get('/keys/:id', async (ctx) => {
  const presented = ctx.get('x-api-key');
  const key = await ctx.state.store.find(ctx.params.id);
  if (!key) throw notFound('key');
  if (key.tenant !== ctx.state.tenant.id) throw forbidden();
  if (!key.active) {
    // expect: verbose-error -- created inside the handler: the creation is reported
    const err = new Error(`key ${presented} is not active`);
    err.status = 403;
    // ok: verbose-error -- created in the handler, so reported once at its creation
    err.expose = true;
    throw err;
  }
  ctx.body = { id: key.id, active: key.active };
});

router.get('/keys/:id/usage', async (ctx) => {
  const apiKey = ctx.get('x-api-key');
  const usage = await ctx.state.store.usage(ctx.params.id);
  if (!usage) {
    // expect: verbose-error -- a RangeError is an Error too
    throw new RangeError(`no usage recorded for ${apiKey}`);
  }
  if (usage.suspended) {
    // ok: verbose-error -- the handler's own fixed text
    throw new Error('usage is suspended for this key');
  }
  ctx.body = usage;
});

router.post('/keys', async (ctx) => {
  const quota = await ctx.state.store.quota(ctx.state.tenant.id);
  if (quota.exhausted) {
    // ok: verbose-error -- http-errors with a fixed message and the request id as a property
    throw createError(429, 'quota exhausted for this tenant', { requestId: ctx.state.requestId });
  }
  ctx.status = 201;
  ctx.body = await ctx.state.store.create(ctx.state.tenant.id);
});

// http-errors and ctx.assert send their 4xx messages to the caller as ctx.throw does.
router.post('/keys/rotate', async (ctx) => {
  const presented = ctx.get('x-api-key');
  // ok: verbose-error -- the condition of ctx.assert is not sent
  ctx.assert(presented, 401, 'an API key is required');
  // expect: verbose-error
  ctx.assert(ctx.state.tenant, 403, `key ${presented} has no tenant`);
  if (!ctx.state.tenant.canRotate) {
    // expect: verbose-error
    throw createError(403, `rotation not allowed for ${presented}`);
  }
  if (ctx.state.tenant.rotationsLeft === 0) {
    // expect: verbose-error
    throw new createError.TooManyRequests(`no rotations left for ${ctx.get('authorization')}`);
  }
  // ok: verbose-error -- a fixed message
  ctx.assert(ctx.state.tenant.active, 403, 'tenant is suspended');
  ctx.status = 204;
});

module.exports = {
  router,
  invalidKey,
  upstreamFailed,
  badConfig,
  invalidKeyFixed,
  upstreamFailedFixed,
  hiddenUpstreamError,
};
