'use strict';

// Process-wide switches: NODE_TLS_REJECT_UNAUTHORIZED and the global agent.
// These turn verification off for every TLS connection the process opens,
// including the ones made by libraries.

const { spawn, fork } = require('child_process');
const https = require('https');
const tls = require('tls');
const Koa = require('koa');
const Router = require('@koa/router');

const logger = require('./logger');

// expect: tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

function allowSelfSignedInDev() {
  // expect: tls-verification-disabled
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
}

function allowSelfSignedForSeed() {
  // expect: tls-verification-disabled
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0;
}

const TLS_CHECKS_OFF = '0';
function startSandbox() {
  // expect: tls-verification-disabled
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = TLS_CHECKS_OFF;
}

Object.assign(process.env, {
  LOG_LEVEL: 'debug',
  // expect: tls-verification-disabled
  NODE_TLS_REJECT_UNAUTHORIZED: '0',
});

function startWorker(script) {
  return spawn('node', [script], {
    stdio: 'inherit',
    // expect: tls-verification-disabled
    env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
  });
}

function startImporter() {
  return fork('./jobs/importer.js', [], {
    env: {
      PATH: process.env.PATH,
      // expect: tls-verification-disabled
      NODE_TLS_REJECT_UNAUTHORIZED: 0,
    },
  });
}

// expect: tls-verification-disabled
https.globalAgent.options.rejectUnauthorized = false;

function relaxGlobalAgent(agent) {
  // expect: tls-verification-disabled
  agent.options['rejectUnauthorized'] = '';
}

function partnerRequestOptions(host) {
  const opts = { host, port: 443, method: 'POST' };
  // expect: tls-verification-disabled
  opts.rejectUnauthorized = false;
  return opts;
}

function sandboxTlsOptions(host) {
  const opts = { host, servername: host };
  // expect: tls-verification-disabled
  opts.rejectUnauthorized =
    void 0;
  return opts;
}

const app = new Koa();
const router = new Router();

router.get('/admin/tls', (ctx) => {
  ctx.body = {
    // ok: tls-verification-disabled
    processVerifiesTls: process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0',
    // ok: tls-verification-disabled
    globalAgentVerifies: https.globalAgent.options.rejectUnauthorized !== false,
  };
});

app.use(router.routes());

// Look-alikes below: none of these turn verification off.

// ok: tls-verification-disabled
if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
  logger.warn('TLS certificate verification is disabled for this process');
}

function restoreTlsChecks() {
  // ok: tls-verification-disabled
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  // ok: tls-verification-disabled
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
}

function startVerifiedWorker(script) {
  return spawn('node', [script], {
    // ok: tls-verification-disabled
    env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '1' },
  });
}

function hardenRequestOptions(opts) {
  // ok: tls-verification-disabled
  opts.rejectUnauthorized = true;
  // ok: tls-verification-disabled
  if (opts.rejectUnauthorized === false) logger.warn('request options were not verified');
  return opts;
}

// ok: tls-verification-disabled
const USAGE = `NODE_TLS_REJECT_UNAUTHORIZED=0 node app.js  # never do this outside a laptop`;

// ok: tls-verification-disabled
// NODE_TLS_REJECT_UNAUTHORIZED=0 npm run dev
const DEV_PORT = 3000;

// ok: tls-verification-disabled
process.env.TLS_REJECT_STATS_INTERVAL = '0';

// ok: tls-verification-disabled
tls.DEFAULT_MIN_VERSION = 'TLSv1.2';

module.exports = {
  app,
  allowSelfSignedInDev,
  allowSelfSignedForSeed,
  startSandbox,
  startWorker,
  startImporter,
  relaxGlobalAgent,
  partnerRequestOptions,
  sandboxTlsOptions,
  restoreTlsChecks,
  startVerifiedWorker,
  hardenRequestOptions,
  USAGE,
  DEV_PORT,
};
