// Proxy from the partner API to the internal ledger service over HTTP/2.
// Partners' credentials are neither forwarded nor logged: the proxy swaps
// them for the gateway's own service token. Logs go through winston.
import http2 from 'node:http2';
import Koa from 'koa';
import Router from '@koa/router';
import winston from 'winston';
import { metrics } from './metrics.js';
import { ledgerClient } from './ledger-client.js';

const LEDGER_URL = process.env.LEDGER_URL ?? 'https://ledger.internal:8443';

const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.json(),
  transports: [new winston.transports.Console()],
});
const proxyLog = logger.child({ component: 'ledger-proxy' });

export const app = new Koa();
const router = new Router({ prefix: '/ledger' });
const session = http2.connect(LEDGER_URL);

// ok: header-logging
logger.info('ledger proxy targets %s', LEDGER_URL);
// expect: header-logging
logger.debug('ledger service token %s', process.env.LEDGER_SERVICE_TOKEN);

function ledgerRequest(path, requestId) {
  return {
    ':path': path,
    'x-request-id': requestId,
    authorization: `Bearer ${process.env.LEDGER_SERVICE_TOKEN}`,
  };
}

router.get('/accounts/:id', async (ctx) => {
  const { headers } = ctx;
  const requestId = headers['x-request-id'];
  // ok: header-logging
  proxyLog.info('proxying account lookup', { requestId, account: ctx.params.id });
  const upstream = await new Promise((resolve, reject) => {
    const stream = session.request(ledgerRequest(`/v3/accounts/${encodeURIComponent(ctx.params.id)}`, requestId));
    // The response callback's own `headers` are the ledger's response headers.
    stream.on('response', (headers) => {
      // ok: header-logging
      proxyLog.debug('ledger responded', { status: headers[':status'], headers });
      resolve({ stream, status: Number(headers[':status']) });
    });
    stream.on('error', reject);
    stream.end();
  });
  ctx.status = upstream.status;
  ctx.body = upstream.stream;
});

router.post('/transfers', async (ctx) => {
  const upstreamRequest = {
    method: 'POST',
    path: '/v3/transfers',
    headers: {
      authorization: ctx.get('authorization'),
      'content-type': ctx.get('content-type'),
    },
  };
  // expect: header-logging
  proxyLog.debug('forwarding transfer', upstreamRequest);
  // ok: header-logging
  proxyLog.info('forwarding transfer', { method: upstreamRequest.method, path: upstreamRequest.path });
  ctx.body = await ledgerClient.transfer(ctx.request.body, ctx.get('x-request-id'));
});

router.get('/statements', async (ctx) => {
  // Every credential header overwritten: safe to log.
  const safeHeaders = {
    ...ctx.headers,
    authorization: '[REDACTED]',
    'proxy-authorization': '[REDACTED]',
    cookie: undefined,
    'set-cookie': undefined,
    'x-api-key': '[REDACTED]',
    'x-auth-token': '[REDACTED]',
    'x-access-token': '[REDACTED]',
    'x-csrf-token': '[REDACTED]',
    'api-key': '[REDACTED]',
    apikey: '[REDACTED]',
  };
  // ok: header-logging
  proxyLog.info('statement request', { headers: safeHeaders });
  // Only the API key overwritten: authorization and cookie are still there.
  const halfRedacted = { ...ctx.headers, 'x-api-key': '[REDACTED]' };
  // expect: header-logging
  proxyLog.info('statement request', { headers: halfRedacted });
  ctx.body = await ledgerClient.statements(ctx.query.account);
});

router.get('/balances', async (ctx) => {
  const copy = { ...ctx.request.headers };
  delete copy.authorization;
  delete copy['proxy-authorization'];
  delete copy.cookie;
  delete copy['set-cookie'];
  delete copy['x-api-key'];
  delete copy['x-auth-token'];
  delete copy['x-access-token'];
  delete copy['x-csrf-token'];
  delete copy['api-key'];
  delete copy.apikey;
  // ok: header-logging
  logger.debug(JSON.stringify(copy));

  const details = Object.assign({ path: ctx.path }, ctx.headers);
  const started = Date.now();
  const balances = await ledgerClient.balances(ctx.query.account);
  if (Date.now() - started > 500) {
    // expect: header-logging
    logger.warn('slow balance lookup', details);
  }
  // expect: header-logging
  logger.info('balance lookup', [ctx.method, ctx.path, ctx.get('proxy-authorization')]);

  let summary = `${ctx.method} ${ctx.path}`;
  if (ctx.query.verbose === '1') {
    summary = summary + ' key=' + ctx.get('x-api-key');
  }
  // expect: header-logging
  logger.info(summary);
  // ok: header-logging
  metrics.observe('ledger.request_headers', ctx.headers);
  ctx.body = balances;
});

router.get('/accounts/:id/history', async (ctx) => {
  const accountId = ctx.params.id;
  // The session callback's own `ctx` is the ledger client's session.
  const entries = await ledgerClient.withSession(async (ctx) => {
    // ok: header-logging
    proxyLog.debug('ledger session opened', ctx);
    return ctx.history(accountId, { limit: 100 });
  });
  // ok: header-logging
  proxyLog.info('history', { account: accountId, entries: entries.length });
  ctx.body = entries;
});

// Exported helper with two parameters; `options` is never called, so this is
// not middleware and its `ctx` is whatever the caller passes.
export function describeRequest(ctx, options) {
  const fields = options.verbose ? [ctx.method, ctx.url, ctx.headers] : [ctx.method, ctx.url];
  // ok: header-logging
  proxyLog.debug('request', fields);
}

app.use(router.routes());

// Mounted by server.mjs in front of the router. The second parameter is
// called, so this is Koa middleware.
export default async (ctx, done) => {
  try {
    await done();
  } catch (err) {
    // expect: header-logging
    proxyLog.error('ledger proxy failed', { err: err.message, request: ctx.request });
    // ok: header-logging
    proxyLog.error('ledger proxy failed', { err: err.message, method: ctx.method, path: ctx.path });
    ctx.status = 502;
    ctx.body = { error: 'ledger unavailable' };
  }
};
