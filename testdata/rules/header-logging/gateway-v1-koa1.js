'use strict';

// Version 1 of the partner gateway, still on Koa 1 generator middleware for the
// two partners that have not migrated. In this style `this` is the request
// context. Logs go to bunyan (application) and log4js (access).

const bunyan = require('bunyan');
const log4js = require('log4js');
const clients = require('./clients');

const app = require('koa')();
const log = bunyan.createLogger({ name: 'gateway-v1', level: process.env.LOG_LEVEL || 'info' });
const authLog = log.child({ component: 'auth' });
const accessLog = log4js.getLogger('access');

// Error handler.
app.use(function* (next) {
  try {
    yield next;
  } catch (err) {
    // expect: header-logging
    log.error({ err, ctx: this }, 'v1 request failed');
    // ok: header-logging
    log.error({ err, method: this.method, path: this.path }, 'v1 request failed');
    this.status = err.status || 500;
    this.body = { error: 'internal error' };
  }
});

// Access log.
app.use(function* (next) {
  const started = Date.now();
  yield next;
  // ok: header-logging
  accessLog.info('%s %s %d %dms', this.method, this.url, this.status, Date.now() - started);
  // ok: header-logging
  accessLog.info('agent=%s request-id=%s', this.get('user-agent'), this.headers['x-request-id']);
  // expect: header-logging
  accessLog.debug('headers %j', this.headers);
});

// v1 partners authenticate with an X-Auth-Token header.
app.use(function* (next) {
  const token = this.get('X-Auth-Token');
  const client = token ? yield clients.findByToken(token) : null;
  if (!client) {
    // expect: header-logging
    authLog.warn({ token, ip: this.ip }, 'rejected v1 token');
    // ok: header-logging
    authLog.warn({ ip: this.ip, path: this.path, tokenLength: token.length }, 'rejected v1 token');
    this.status = 401;
    this.body = { error: 'invalid token' };
    return;
  }
  this.state.client = client;
  yield next;
});

// The old operator console.
app.use(function* (next) {
  if (this.path === '/v1/console') {
    // expect: header-logging
    authLog.debug('console session %s', this.cookies.get('v1_session'));
    // expect: header-logging
    accessLog.trace(this.request.header);
    // expect: header-logging
    console.log('raw v1 headers', this.req.headers);
  }
  yield next;
});

// A plain constructor: its `this` is the upstream call, not a context.
function UpstreamCall(path, requestId) {
  this.path = path;
  this.headers = { accept: 'application/json', 'x-request-id': requestId };
}

UpstreamCall.prototype.describe = function describe() {
  // ok: header-logging
  log.debug({ path: this.path, headers: this.headers }, 'upstream call');
};

// Left over from the 2019 incident. Not mounted.
function* dumpHeaders(next) {
  // ok: header-logging
  console.log(this.headers);
  yield next;
}

module.exports = { app, UpstreamCall };
