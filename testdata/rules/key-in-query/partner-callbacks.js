// Callback routes for partners whose systems cannot set request headers: the
// billing, logistics and refund integrations call us with the key in the URL.
// They are behind the mTLS terminator like everything else, which does not
// keep the URL out of its access log.
const crypto = require('node:crypto');
const Koa = require('koa');
const Router = require('@koa/router');
const { partners } = require('./partners');
const { shipments } = require('./shipments');
const { refunds } = require('./refunds');

const app = new Koa();
const router = new Router();

function sha256(value) {
  return crypto.createHash('sha256').update(String(value)).digest();
}

// `POST /callbacks/billing?partner=acme&api_key=…`
router.post('/callbacks/billing', async (ctx) => {
  // expect: key-in-query -- the partner's key is in the URL
  const presented = ctx.query.api_key;
  // ok: key-in-query -- the partner's id is not a credential
  const partner = await partners.byId(ctx.query.partner);
  if (!partner || !presented) ctx.throw(401);
  // ok: key-in-query -- a constant-time compare of a stored key; the read above is the finding
  if (!crypto.timingSafeEqual(sha256(presented), sha256(partner.apiKey))) ctx.throw(401);
  ctx.status = 204;
});

// The logistics partner sends `?api-key=…`, with a hyphen.
router.post('/callbacks/logistics/:event', async (ctx) => {
  // expect: key-in-query
  const key = ctx.query['api-key'];
  // ok: key-in-query -- a shipment reference
  const shipment = await shipments.byReference(ctx.query.reference);
  if (!key || !shipment) ctx.throw(404);
  await shipments.recordEvent(shipment.id, ctx.params.event, sha256(key));
  ctx.status = 202;
});

// The status probe of the same partner, still on a shared token.
router.get('/callbacks/status', async (ctx) => {
  // expect: key-in-query, timing-unsafe-compare -- read from the URL, then compared with !==
  if (ctx.request.query.token !== process.env.STATUS_CALLBACK_TOKEN) ctx.throw(401);
  ctx.body = { ok: true };
});

// Refund notifications: the context is called `context` here.
router.post('/callbacks/refunds', async (context) => {
  const {
    // expect: key-in-query
    access_token: accessToken,
    // ok: key-in-query -- the customer's id
    customer,
    // ok: key-in-query -- a refund id
    refund,
  } = context.request.query;
  const owner = await partners.byAccessTokenHash(sha256(accessToken));
  if (!owner) context.throw(401);
  await refunds.confirm(owner.id, customer, refund);
  context.status = 204;
});

// The reconciliation export, called by the partner's nightly job.
router.get('/callbacks/export', async function exportHandler(request) {
  // expect: key-in-query -- the first parameter is the context whatever its name
  const { secret } = request.query;
  // ok: key-in-query -- an ordinary date filter
  const since = request.query.since;
  const owner = await partners.bySecretHash(sha256(secret));
  if (!owner) request.throw(401);
  request.body = await refunds.since(owner.id, since);
});

// The partner portal lists shipments page by page.
router.get('/v1/partners/:id/shipments', async (ctx) => {
  // ok: key-in-query -- pagination, sorting and search
  const { page = '1', limit = '50', sort = 'created', q } = ctx.query;
  // ok: key-in-query -- a customer filter
  const customerId = ctx.query.customer;
  // ok: key-in-query -- a pagination cursor, not a credential
  const pageToken = ctx.query.page_token;
  ctx.body = await shipments.list(ctx.params.id, { page, limit, sort, q, customerId, pageToken });
});

// The fixed callbacks: the key in a header, the URL carries only ids.
router.post('/v2/callbacks/billing', async (ctx) => {
  // ok: key-in-query -- a key read from a header
  const presented = ctx.get('x-api-key');
  // ok: key-in-query -- the partner's id
  const partner = await partners.byId(ctx.query.partner);
  if (!partner || !presented) ctx.throw(401);
  if (!crypto.timingSafeEqual(sha256(presented), sha256(partner.apiKey))) ctx.throw(401);
  ctx.status = 204;
});

app.use(router.routes());
module.exports = app;
