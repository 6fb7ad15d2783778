'use strict';

// Authentication chain of the keys API. The TLS terminator has already checked
// the partner's client certificate; this chain then accepts a bearer token, an
// API key or an operator's console session cookie.

const crypto = require('node:crypto');
const compose = require('koa-compose');
const debug = require('debug')('keys:auth');
const router = require('koa-router')();

const logger = require('./logger');
const clients = require('./clients');
const metrics = require('./metrics');

// Structured audit trail: the details object is written as it is.
function audit(event, details) {
  // ok: header-logging
  logger.info(details, `audit: ${event}`);
}

// Counts attempts. Only the outcome reaches the log; the attributes go to the
// metrics backend.
function countAttempt(outcome, attributes) {
  // ok: header-logging
  logger.debug(`auth attempt: ${outcome}`);
  metrics.increment('auth.attempts', attributes);
}

// Safe to log: a short one-way fingerprint of a credential.
function fingerprint(value) {
  return crypto.createHash('sha256').update(value).digest('hex').slice(0, 12);
}

async function readCredentials(ctx, next) {
  const { authorization: auth, 'user-agent': userAgent } = ctx.headers;
  // expect: header-logging
  debug('credentials on %s: %o', ctx.path, { auth });
  // ok: header-logging
  debug('client software on %s: %s', ctx.path, userAgent);
  ctx.state.hasAuthorization = Boolean(auth);
  await next();
}

async function checkBearer(ctx, next) {
  const header = ctx.get('authorization');
  if (!header.startsWith('Bearer ')) {
    // ok: header-logging
    debug('no bearer token on %s (authorization is %d chars)', ctx.path, header.length);
    await next();
    return;
  }
  const token = header.slice('Bearer '.length);
  const client = await clients.findByTokenFingerprint(fingerprint(token));
  if (!client) {
    // expect: header-logging
    audit('token.rejected', { token, ip: ctx.ip });
    // ok: header-logging
    countAttempt('token.rejected', ctx.headers);
    ctx.throw(401, 'invalid token');
  }
  // ok: header-logging
  audit('token.accepted', { client: client.id, fingerprint: fingerprint(token), ip: ctx.ip });
  ctx.state.client = client;
  await next();
}

async function checkApiKey(ctx, next) {
  if (ctx.state.client) {
    await next();
    return;
  }
  const presented = ctx.request.get('x-api-key');
  const client = presented ? await clients.findByApiKey(presented) : null;
  if (!client) {
    // expect: header-logging
    logger.warn(`rejected api key ${presented} on ${ctx.method} ${ctx.path}`);
    ctx.throw(401, 'invalid api key');
  }
  // ok: header-logging
  logger.info(`api key ${fingerprint(presented)} accepted for client ${client.id}`);
  ctx.state.client = client;
  await next();
}

const authenticate = compose([
  readCredentials,
  checkBearer,
  checkApiKey,
  async ({ request, cookies, state }, next) => {
    if (!state.client) {
      const sessionId = cookies.get('console_sid');
      // expect: header-logging
      logger.debug({ sessionId, headers: request.headers }, 'trying console session');
      state.client = await clients.findBySession(sessionId);
    }
    await next();
  },
  async (context, next) => {
    if (!context.state.client) {
      // expect: header-logging
      logger.error({ msg: 'unauthenticated', request: context.request }, 'auth failed');
      // ok: header-logging
      logger.error({ method: context.method, path: context.path, ip: context.ip }, 'auth failed');
      context.throw(401);
    }
    await next();
  },
]);

router.get('/auth/check', authenticate, (ctx) => {
  // expect: header-logging
  debug('legacy apikey header: %s', ctx.headers.apikey);
  // ok: header-logging
  debug('checked client %s from %s', ctx.state.client.id, ctx.ip);
  ctx.body = { client: ctx.state.client.id, scopes: ctx.state.client.scopes };
});

router.post('/auth/sessions', authenticate, async (ctx) => {
  const clientId = ctx.state.client.id;
  // The transaction callback's own `ctx` is a database context, not Koa's.
  const session = await clients.withTransaction(async (ctx) => {
    // ok: header-logging
    logger.debug('session transaction', ctx);
    return ctx.sessions.create({ clientId });
  });
  ctx.cookies.set('console_sid', session.id, { httpOnly: true, sameSite: 'strict' });
  // ok: header-logging
  logger.info({ clientId, expiresAt: session.expiresAt }, 'console session opened');
  ctx.status = 201;
});

// The pre-2023 chain. Nothing mounts it any more; kept until the v1 clients are gone.
async function legacyAuthenticate(ctx, next) {
  // ok: header-logging
  logger.debug({ headers: ctx.headers }, 'legacy auth');
  await next();
}

module.exports = { authenticate, audit, fingerprint, router };
