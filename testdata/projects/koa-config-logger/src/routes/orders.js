'use strict';

const crypto = require('crypto');
const Router = require('@koa/router');
const jwt = require('jsonwebtoken');
const config = require('../config');
const { audit, debugLog } = require('../lib/logger');
const trail = require('../lib/redacting-logger');
const { keysMatch, constantTimeEquals } = require('../lib/compare');

const router = new Router({ prefix: '/api' });

// --- helpers of this file -------------------------------------------------

function logHeaders(c) {
  // expect: header-logging
  console.log('incoming request headers', c.headers);
}

function apiKeyOf(c) {
  return c.get('x-api-key');
}

function sameToken(given, expected) {
  // expect: timing-unsafe-compare
  return given === expected;
}

function note(x) {
  console.log(x);
}

function bearerOf(c) {
  const header = c.get('authorization') || '';
  return header.startsWith('Bearer ') ? header.slice(7) : null;
}

// --- routes -----------------------------------------------------------------

router.post('/session', async (ctx) => {
  const { user } = ctx.request.body;
  const token = jwt.sign(
    { sub: user, iss: config.jwt.issuer },
    // ok: hardcoded-secret -- the literal is reported where config/index.js writes it, once
    config.jwt.secret,
    { expiresIn: config.jwt.expiresIn },
  );
  // expect: hardcoded-secret
  const refreshToken = jwt.sign({ sub: user, typ: 'refresh' }, config.jwt.refresh, { expiresIn: '30d' });
  ctx.body = { token, refreshToken };
});

router.get('/session', async (ctx) => {
  const raw = bearerOf(ctx);
  // ok: hardcoded-secret -- the partner secret is read from the environment only
  const claims = jwt.verify(raw, config.partners.jwtSecret);
  ctx.body = { user: claims.sub };
});

router.get('/legacy/session', async (ctx) => {
  // ok: hardcoded-secret -- a ${...} placeholder filled in at deploy time, not a key
  const claims = jwt.verify(bearerOf(ctx), config.legacy.secret);
  ctx.body = { user: claims.sub, legacy: true };
});

router.get('/orders', async (ctx) => {
  if (ctx.get('x-debug') === '1') {
    logHeaders(ctx);
  }
  // expect: header-logging
  console.log('partner key used:', apiKeyOf(ctx));
  // expect: header-logging
  note(ctx.headers);
  // ok: header-logging -- only the path goes through the same helper
  note(ctx.path);
  ctx.body = { orders: [] };
});

router.delete('/orders/:id', async (ctx) => {
  if (!sameToken(ctx.get('authorization'), `Bearer ${process.env.ADMIN_TOKEN}`)) {
    ctx.throw(403);
  }
  ctx.status = 204;
});

router.post('/partner/orders', async (ctx) => {
  // expect: timing-unsafe-compare
  if (!keysMatch(ctx.get('x-api-key'), config.partners.apiKey)) {
    ctx.throw(401, 'bad partner key');
  }
  // ok: timing-unsafe-compare -- the region is not a secret
  const eu = keysMatch(ctx.query.region, 'eu-west-1');
  // expect: header-logging
  audit.info({ headers: ctx.headers, eu }, 'partner order');
  // ok: header-logging -- method and path only
  audit.info({ method: ctx.method, path: ctx.path }, 'partner order');
  ctx.status = 202;
});

router.post('/partner/orders/bulk', async (ctx) => {
  // ok: timing-unsafe-compare -- hashes both sides, then timingSafeEqual
  if (!constantTimeEquals(ctx.get('x-api-key'), config.partners.apiKey)) {
    ctx.throw(401, 'bad partner key');
  }
  // expect: header-logging
  debugLog('bulk auth', ctx.get('authorization'));
  // ok: header-logging -- the wrapper only sees the request line
  debugLog('bulk request', { method: ctx.method, path: ctx.path });
  // ok: header-logging -- this logger redacts credential headers
  trail.info({ headers: ctx.headers }, 'bulk order');
  ctx.status = 202;
});

router.post('/webhooks/shop', async (ctx) => {
  // ok: hardcoded-secret -- the signing key comes from the environment
  const mac = crypto.createHmac('sha256', config.webhooks.signingKey);
  const expected = mac.update(ctx.request.rawBody || '').digest('hex');
  const given = ctx.get('x-shop-signature') || '';
  const ok = given.length === expected.length
    && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  ctx.status = ok ? 204 : 401;
});

router.post('/webhooks/carrier', async (ctx) => {
  // expect: hardcoded-secret
  const mac = crypto.createHmac('sha256', config.carrier.webhookToken);
  const expected = mac.update(ctx.request.rawBody || '').digest('hex');
  const given = ctx.get('x-carrier-signature') || '';
  const ok = given.length === expected.length
    && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  ctx.status = ok ? 204 : 401;
});

module.exports = router;
