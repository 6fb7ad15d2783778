// Request logging of the accounts API. Application logs go through pino,
// the audit trail through winston, the legacy job runner still uses bunyan,
// and a few modules kept their own log4js and debug loggers.
'use strict';

const crypto = require('crypto');
const Koa = require('koa');
const Router = require('@koa/router');
const bcrypt = require('bcrypt');
const pino = require('pino');
const winston = require('winston');
const bunyan = require('bunyan');
const log4js = require('log4js');
const trace = require('debug')('accounts:http');

const app = new Koa();
const router = new Router({ prefix: '/accounts' });

const audit = pino({ level: 'info' });
const requests = pino().child({ component: 'requests' });
const out = winston.createLogger({ transports: [new winston.transports.Console()] });
const jobs = bunyan.createLogger({ name: 'accounts-jobs' });
const legacy = log4js.getLogger('accounts-legacy');

// A small in-memory key/value store for the rate limiter; `data` reads a bucket.
const store = {
  buckets: new Map(),
  data(key) {
    return this.buckets.get(key);
  },
};

const seen = new Map();

router.use(async (ctx, next) => {
  // ok: header-logging -- a logger's level is configuration, not a write
  requests.level = ctx.query.verbose ? 'debug' : 'info';
  // ok: header-logging -- a child logger's bindings, not a write
  const scoped = audit.child({ module: 'auth' });
  // ok: header-logging -- method, url and status only
  scoped.info({ method: ctx.method, url: ctx.url }, 'request started');
  await next();
  // ok: header-logging -- method, url and status only
  requests.info({ method: ctx.method, url: ctx.url, status: ctx.status });
});

router.get('/me', async (ctx) => {
  // expect: header-logging
  audit.data(ctx.headers);
  ctx.body = { id: ctx.state.user.id };
});

router.post('/sessions', async (ctx) => {
  // expect: header-logging
  out.audit(ctx.get('authorization'));
  // ok: header-logging -- the store is a map, not a logger
  const bucket = store.data(ctx.get('authorization'));
  // ok: header-logging -- a Map lookup
  const last = seen.get(ctx.get('x-api-key'));
  ctx.body = { bucket, last };
});

router.post('/password', async (ctx) => {
  const { password } = ctx.request.body;
  if (password.length < 12) {
    // expect: header-logging
    legacy.warn('weak password rejected', password);
    ctx.throw(422, 'password too short');
  }
  // ok: header-logging -- a digest of the password, not the password
  out.info('password changed', { fingerprint: crypto.createHash('sha256').update(password).digest('hex') });
  const hashed = await bcrypt.hash(password, 12);
  // ok: header-logging -- a bcrypt hash
  legacy.info('stored hash', hashed);
  ctx.status = 204;
});

router.get('/export', async (ctx) => {
  // expect: header-logging
  jobs.info({ headers: ctx.request.headers }, 'export requested');
  // expect: header-logging
  legacy.warn('export cookie', ctx.cookies.get('accounts.sid'));
  // expect: header-logging
  trace('export from %o', ctx.req.headers);
  // expect: header-logging
  requests.debug(ctx.get('x-api-key'));
  // ok: header-logging -- only the status
  if (out.isLevelEnabled('debug')) out.debug('export status', ctx.status);
  ctx.body = { queued: true };
});

app.use(router.routes());

// Making and configuring a logger writes nothing, whatever the options hold.
const shipping = winston.createLogger({
  level: 'info',
  // ok: header-logging -- options of the factory, not a log line
  defaultMeta: { service: 'accounts', auth: { password: process.env.LOKI_PASSWORD } },
});
// ok: header-logging -- a configuration method: registers colours
winston.addColors({ audit: 'magenta' });

module.exports = app;
