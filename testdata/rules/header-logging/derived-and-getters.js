// Account and partner routes of the loyalty service. Debug logging was turned
// up during the migration to the new identity provider; some of it logs the
// secrets themselves, some only hashes or masked tails of them.
'use strict';

const crypto = require('crypto');
const Koa = require('koa');
const Router = require('@koa/router');
const bcrypt = require('bcrypt');
const log = require('fancy-log');
const logger = require('./logger');
const config = require('./config');
const accounts = require('./accounts');
const { isTestAccount } = require('./test-accounts');
const { getPassword, getPasswordPolicy } = require('./credentials');

const app = new Koa();
const router = new Router({ prefix: '/loyalty' });

function hashPassword(pw) {
  return crypto.createHash('sha512').update(`${config.pepper}:${pw}`).digest('hex');
}

function hmac(key, data) {
  return crypto.createHmac('sha256', key).update(data).digest();
}

router.post('/members', async (ctx) => {
  // expect: header-logging
  console.log('new member password', getPassword(ctx));
  // ok: header-logging -- the policy, not a getter of the password
  console.log('policy in force', getPasswordPolicy(ctx.state.tenant));
  const password = getPassword(ctx);
  // ok: header-logging -- a bcrypt hash of the password
  console.log('stored hash', await bcrypt.hash(password, 10));
  const hashedPassword = await bcrypt.hash(password, 10);
  // ok: header-logging -- the hash, not the password
  logger.info('member created', { hashedPassword });
  ctx.body = await accounts.create(ctx.request.body.email, hashedPassword);
});

router.post('/members/:id/passcode', async (ctx) => {
  const passcode = ctx.request.body.passcode;
  // expect: header-logging
  logger.debug('passcode reset', passcode);
  await accounts.setPasscode(ctx.params.id, passcode);
  ctx.status = 204;
});

router.post('/partners/sync', async (ctx) => {
  // expect: header-logging
  logger.info('syncing with key', config.getApiKey());
  const apiKey = ctx.get('x-api-key');
  // expect: header-logging
  console.log('partner key', apiKey.valueOf());
  // ok: header-logging -- every character masked
  console.log('partner key', apiKey.replace(/./g, '*'));
  // ok: header-logging -- only the last four characters
  console.log('partner key ends with', apiKey.slice(-4));
  ctx.body = await accounts.syncPartner(apiKey);
});

router.get('/debug/request', async (ctx) => {
  // expect: header-logging
  log(ctx.headers);
  // expect: header-logging
  log.warn('auth header', ctx.get('authorization'));
  // ok: header-logging -- the method and path only
  log.info(ctx.method, ctx.path);
  ctx.status = 204;
});

router.post('/session/verify', async (ctx) => {
  const token = ctx.get('x-session-token');
  // ok: header-logging -- a SHA-256 digest of the token
  logger.info('session', crypto.createHash('sha256').update(token).digest('hex'));
  const encryptedToken = await accounts.seal(token);
  // ok: header-logging -- sealed before it is logged
  logger.info('sealed session', encryptedToken);
  const password = hashPassword(ctx.request.body.password);
  // ok: header-logging -- a hash, whatever the variable is called
  logger.info('checking', password);
  ctx.body = { ok: await accounts.verify(ctx.request.body.email, password) };
});

router.post('/signing-keys', async (ctx) => {
  const secret = ctx.request.body.secret;
  const signingKey = hmac(secret, new Date().toISOString().slice(0, 10));
  // expect: header-logging
  console.log('derived signing key', signingKey);
  ctx.status = 204;
});

router.post('/password-reset', async (ctx) => {
  const { password, email } = ctx.request.body;
  const audit = { who: email, value: password };
  // expect: header-logging
  console.log('reset requested', audit.value);
  // ok: header-logging -- the other property holds the e-mail address
  console.log('reset requested for', audit.who);
  const displayedPassword = password ? '(set)' : '(empty)';
  // ok: header-logging -- a literal on every branch, whatever the password is
  console.log('reset password', displayedPassword);
  ctx.status = 202;
});

const env = require('./env');
const SKU_PATTERN = /^[A-Z]{3}-\d{4}$/;

router.post('/test-accounts', async (ctx) => {
  const { password, sku } = ctx.request.body;
  if (env.isTestEnv()) {
    // ok: header-logging -- only under tests, where the password is a test account's
    console.log('test account password', password);
  }
  if (process.env.NODE_ENV === 'test') {
    // ok: header-logging -- the same, asked of NODE_ENV
    console.log('test account password', password);
  }
  if (SKU_PATTERN.test(sku)) {
    // expect: header-logging -- a regular expression's test, not the environment's
    console.log('sku ok, password', password);
  }
  if (isTestAccount(ctx.state.user)) {
    // expect: header-logging -- a test *account* in production is still production
    console.log('test account password', password);
  }
  if (ctx.query.mode === 'test') {
    // expect: header-logging -- the caller chooses the mode: a back door, not a test run
    console.log('probe password', password);
  }
  // ok: header-logging -- the password's rules, not the password
  console.log('rules', accounts.getPasswordRules());
  const resetToken = crypto.createHash('sha1').update(String(Math.random())).digest('hex');
  // expect: header-logging -- a hash of random bytes is the reset token itself
  console.log('reset token', resetToken);
  if (!env.isProduction()) {
    // expect: header-logging -- development and staging logs are kept and shipped too
    console.log('non-production password', password);
  }
  ctx.status = 201;
});

class Member {
  constructor(record) {
    this.email = record.email;
    this.password = record.password;
    this._passwordMd5 = record.password_md5;
  }

  describe() {
    // ok: header-logging -- an MD5 of the password, by its name
    console.log('member', this.email, this._passwordMd5);
  }

  dump() {
    // expect: header-logging
    console.log('member', this.email, this.password);
  }
}

app.use(router.routes());
module.exports = { app, Member };
