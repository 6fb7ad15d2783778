// API-key authentication for partners behind the mTLS gateway. The gateway
// checks the certificate; this middleware maps the key to a tenant.
import crypto from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import { keyStore } from './key-store.mjs';
import { tenants } from './tenants.mjs';

export const app = new Koa();
const router = new Router();

function sha256hex(value) {
  return crypto.createHash('sha256').update(String(value)).digest('hex');
}

// First version: every rejection tells the caller (and every log and proxy on
// the way back) which key was rejected.
app.use(async (ctx, next) => {
  const key = ctx.get('x-api-key');
  if (!key) {
    // ok: verbose-error -- a fixed message
    ctx.throw(401, 'missing API key');
  }
  const client = await keyStore.byHash(sha256hex(key));
  if (!client) {
    // expect: verbose-error -- the presented key in the message
    ctx.throw(403, `unknown API key ${key}`);
  }
  if (client.revoked) {
    // expect: verbose-error -- concatenation carries it too
    ctx.throw(403, 'API key ' + key + ' was revoked on ' + client.revokedAt);
  }
  ctx.state.client = client;
  await next();
});

// Bearer tokens of the operator console.
app.use(async (ctx, next) => {
  const auth = ctx.get('authorization');
  const [scheme, token] = auth.split(' ');
  if (scheme !== 'Bearer') {
    // ok: verbose-error -- a fixed message (echoing `scheme` would not be: without a space it is the whole header)
    ctx.throw(401, 'unsupported authorization scheme, use Bearer');
  }
  const operator = await keyStore.operatorByTokenHash(sha256hex(token));
  if (!operator) {
    // expect: verbose-error -- the whole Authorization header value
    ctx.throw(401, `invalid credentials: ${auth}`);
  }
  if (operator.disabled) {
    const reason = { operator: operator.id, token };
    // expect: verbose-error -- the token inside an object, through JSON.stringify
    ctx.throw(403, `operator disabled ${JSON.stringify(reason)}`);
  }
  await next();
});

// The legacy export endpoint still accepts ?api_key= for old cron jobs.
router.get('/exports/:id', async (ctx) => {
  // expect: key-in-query
  const queryKey = ctx.query.api_key;
  const client = await keyStore.byHash(sha256hex(queryKey));
  if (!client) {
    // expect: verbose-error -- a key from the query string
    ctx.throw(403, `no client for api_key=${queryKey}`);
  }
  ctx.body = await client.exports.get(ctx.params.id);
});

// Tenant resolution: the error messages dump the request to "help debugging".
router.use(async (ctx, next) => {
  const tenantId = ctx.get('x-tenant-id');
  if (!tenantId) {
    // expect: verbose-error -- all request headers, the gateway's identity header included
    ctx.throw(400, 'missing x-tenant-id, got headers ' + JSON.stringify(ctx.headers));
  }
  const tenant = await tenants.get(tenantId);
  if (!tenant) {
    // expect: verbose-error -- the whole request (its toJSON includes the headers)
    ctx.throw(404, `unknown tenant in ${JSON.stringify(ctx.request)}`);
  }
  ctx.state.tenant = tenant;
  await next();
});

// Configuration checks at request time.
router.get('/ledger/ping', async (ctx) => {
  if (!process.env.LEDGER_URL) {
    // expect: verbose-error -- the whole environment
    ctx.throw(500, `LEDGER_URL is not set; environment: ${JSON.stringify(process.env)}`);
  }
  const apiKey = process.env.LEDGER_API_KEY;
  if (!apiKey || apiKey.length < 32) {
    // expect: verbose-error -- the service's own key, through a binding
    ctx.throw(500, `LEDGER_API_KEY looks wrong: ${apiKey}`);
  }
  if (!process.env.SIGNING_SECRET) {
    // ok: verbose-error -- names the variable, not its value
    ctx.throw(500, 'SIGNING_SECRET is not set');
  }
  ctx.body = { ok: true };
});

// The fixed versions: generic messages, a hint, and the request id.
router.use(async (ctx, next) => {
  const key = ctx.get('x-api-key');
  const requestId = ctx.get('x-request-id') || crypto.randomUUID();
  const client = key ? await keyStore.byHash(sha256hex(key)) : null;
  if (!client) {
    // ok: verbose-error -- a generic message and a request id
    ctx.throw(401, `invalid API key (request ${requestId})`);
  }
  if (client.revoked) {
    // ok: verbose-error -- a non-secret id of the key, never the key
    ctx.throw(403, `API key ${client.keyId} was revoked`, { requestId });
  }
  const tenantId = ctx.get('x-tenant-id');
  if (!tenantId) {
    // ok: verbose-error -- the name of the missing header
    ctx.throw(400, 'missing x-tenant-id header');
  }
  if (!(await tenants.get(tenantId))) {
    // ok: verbose-error -- a tenant id is not a credential
    ctx.throw(404, `unknown tenant ${tenantId}`);
  }
  await next();
});

app.use(router.routes());

// The 404 fallback: an error response (status set first), so verbose-error
// reports it and debug-echo-route does not.
app.use(async (ctx) => {
  ctx.status = 404;
  if (ctx.accepts('json')) {
    // expect: verbose-error -- a 404 body that returns every request header
    ctx.body = { error: `no route for ${ctx.method} ${ctx.path}`, headers: ctx.headers };
  } else {
    // ok: verbose-error, debug-echo-route -- method and path are not credentials
    ctx.body = `no route for ${ctx.method} ${ctx.path}`;
  }
});
