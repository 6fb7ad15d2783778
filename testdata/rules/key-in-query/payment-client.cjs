// Client for the payment provider's v1 API, which took the merchant's keys as
// query parameters, and for its v2 API, which takes them in headers. Receipt
// links sent to customers are pre-signed by us.
const crypto = require('node:crypto');
const Router = require('@koa/router');
const config = require('./config');
const { orders } = require('./orders');

const PAY_BASE = 'https://api.payments.example/v1';
const PAY_V2 = 'https://api.payments.example/v2';

async function chargeStatus(chargeId) {
  // expect: key-in-query -- a configuration secret
  const url = `${PAY_BASE}/charges/${chargeId}?secret=${config.paymentSecret}`;
  return (await fetch(url)).json();
}

function refundUrl(orderId) {
  return (
    // ok: key-in-query -- the merchant's id is public
    PAY_BASE + '/refunds?merchant=' + config.merchantId +
    // ok: key-in-query -- the order id
    '&order=' + orderId +
    // expect: key-in-query
    '&api_key=' + process.env.PAYMENT_API_KEY
  );
}

async function listPayouts(cursor) {
  const url = new URL(`${PAY_BASE}/payouts`);
  // ok: key-in-query -- pagination
  url.searchParams.set('limit', '100');
  // ok: key-in-query -- a pagination cursor
  url.searchParams.set('starting_after', cursor);
  // expect: key-in-query -- `config.apiKey`
  url.searchParams.set('access_token', config.apiKey);
  return (await fetch(url)).json();
}

async function captureLegacy(paymentId, amount) {
  const token = process.env.PAYMENT_AUTH_TOKEN;
  // expect: key-in-query -- a secret env var, through a binding
  const res = await fetch(`${PAY_BASE}/payments/${paymentId}/capture?amount=${amount}&auth_token=${token}`, {
    method: 'POST',
  });
  return res.json();
}

// v2: the key in the Authorization header, the URL carries only ids.
async function chargeStatusV2(chargeId, customerId) {
  // ok: key-in-query -- ids in the URL, the key in a header
  const res = await fetch(`${PAY_V2}/charges/${chargeId}?customer=${customerId}&expand=refunds`, {
    headers: { authorization: `Bearer ${config.apiKey}` },
  });
  return res.json();
}

// Receipt links e-mailed to customers: pre-signed, valid for seven days.
function receiptLink(orderId) {
  const expires = Math.floor(Date.now() / 1000) + 7 * 24 * 3600;
  const signature = crypto
    .createHmac('sha256', process.env.RECEIPT_LINK_SECRET)
    .update(`${orderId}:${expires}`)
    .digest('hex');
  // ok: key-in-query -- a signed URL carries its signature by design
  return `${config.publicUrl}/receipts/${orderId}?expires=${expires}&signature=${signature}`;
}

// The invoice PDF link uses the short names of the old CDN.
function invoiceLink(invoiceId) {
  const exp = Math.floor(Date.now() / 1000) + 600;
  const sig = crypto.createHmac('sha256', config.cdnSigningSecret).update(`${invoiceId}${exp}`).digest('base64url');
  // ok: key-in-query -- `sig` and `expires` of a pre-signed link
  return `${config.cdnUrl}/invoices/${invoiceId}.pdf?expires=${exp}&sig=${sig}`;
}

const router = new Router();

// The provider's v1 notifications still arrive with our secret in the URL.
router.post('/payments/notify', async (ctx) => {
  // expect: key-in-query
  const passwd = ctx.request.query.passwd;
  // ok: key-in-query -- the provider's event id
  const eventId = ctx.request.query.event;
  const valid = crypto.timingSafeEqual(
    crypto.createHash('sha256').update(String(passwd)).digest(),
    crypto.createHash('sha256').update(String(process.env.PAYMENT_NOTIFY_SECRET)).digest(),
  );
  if (!valid) ctx.throw(401);
  await orders.applyPaymentEvent(eventId);
  ctx.status = 204;
});

router.get('/receipts/:orderId', async (ctx) => {
  // ok: key-in-query -- reading the signature of a pre-signed link
  const { expires, signature } = ctx.query;
  ctx.body = await orders.receipt(ctx.params.orderId, Number(expires), String(signature));
});

module.exports = {
  chargeStatus,
  refundUrl,
  listPayouts,
  captureLegacy,
  chargeStatusV2,
  receiptLink,
  invoiceLink,
  router,
};
