'use strict';

const Router = require('@koa/router');
const db = require('../db');
const upstream = require('../upstream');

const router = new Router({ prefix: '/invoices' });

async function requireApiKey(ctx, next) {
  // Older partner SDKs still send the key as ?api_key=…
  const presented = ctx.get('x-api-key') || ctx.query.api_key;
  if (presented === process.env.API_KEY) {
    await next();
    return;
  }
  ctx.status = 401;
  ctx.body = { error: 'invalid or missing API key' };
}

router.use(requireApiKey);

router.get('/', async (ctx) => {
  const customerId = ctx.query.customer;
  ctx.assert(customerId, 400, 'customer is required');
  const limit = Math.min(Number(ctx.query.limit) || 50, 200);
  ctx.body = { items: await upstream.listInvoices(customerId, { limit }) };
});

router.get('/:id', async (ctx) => {
  const customerId = ctx.query.customer;
  ctx.assert(customerId, 400, 'customer is required');

  const cached = await db.findCachedInvoice(customerId, ctx.params.id);
  if (cached) {
    ctx.body = cached;
    return;
  }

  let invoice;
  try {
    invoice = await upstream.fetchInvoice(ctx.params.id);
  } catch (err) {
    ctx.status = 502;
    // Partners asked for details when billing is down.
    ctx.body = { error: 'billing unavailable', upstream: err.config };
    return;
  }
  ctx.assert(invoice && invoice.customerId === customerId, 404, 'invoice not found');
  await db.cacheInvoice(invoice);
  ctx.body = invoice;
});

module.exports = router;
