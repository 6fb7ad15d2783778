// Support tooling: endpoints the support team uses to see what a partner's
// client actually sends. None of these paths look like debug routes; the rule
// is about what the response carries, not about the path.
import util from 'node:util';
import Router from '@koa/router';
import { tickets, webhooks, auditStore } from './support-store.js';

const LEDGER_URL = process.env.LEDGER_URL ?? 'https://ledger.internal:8443';

const router = new Router({ prefix: '/support' });

router.get('/capture', (ctx) => {
  const seen = ctx.headers;
  // expect: debug-echo-route
  ctx.body = seen;
});

router.get('/capture/latest', (ctx) => {
  let snapshot = {};
  if (ctx.query.full === '1') {
    snapshot = { ...ctx.request.headers };
  }
  // expect: debug-echo-route
  ctx.body = snapshot;
});

router.get('/capture/auth', (ctx) => {
  ctx.type = 'text/plain';
  // expect: debug-echo-route
  ctx.body = `Authorization: ${ctx.get('Authorization')}`;
});

router.get('/capture/key', (ctx) => {
  ctx.type = 'text/plain';
  // expect: debug-echo-route
  ctx.body = 'x-api-key=' + ctx.request.get('X-API-Key');
});

router.get('/capture/session', (ctx) => {
  // expect: debug-echo-route
  ctx.body = String(ctx.cookies.get('sid'));
});

router.get('/capture/proxy', (ctx) => {
  // expect: debug-echo-route
  ctx.body = ctx.get('proxy-authorization').toString();
});

router.get('/capture/tokens', (ctx) => {
  // expect: debug-echo-route
  ctx.body = [ctx.get('x-auth-token'), ctx.get('x-access-token')];
});

router.get('/capture/stamped', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { ...ctx.headers, receivedAt: Date.now() };
});

router.get('/capture/merged', (ctx) => {
  // expect: debug-echo-route
  ctx.body = Object.assign({}, ctx.request.headers, { note: 'captured by support' });
});

router.get('/capture/csrf', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { csrf: ctx.headers['x-csrf-token'], apiKeyHeader: ctx.headers['api-key'] };
});

router.get('/capture/inspect', (ctx) => {
  ctx.type = 'text/plain';
  // expect: debug-echo-route
  ctx.body = util.inspect(ctx.request.headers, { depth: 2 });
});

router.get('/capture/node', (ctx) => {
  // expect: debug-echo-route
  ctx.response.body = JSON.stringify({ headers: ctx.req.headers });
});

router.get('/capture/destructured', (ctx) => {
  const { headers } = ctx.request;
  // expect: debug-echo-route
  ctx.body = { headers };
});

// Redacting some credential headers leaves the others in the copy.
router.get('/capture/partly-redacted', (ctx) => {
  // expect: debug-echo-route
  ctx.body = { ...ctx.headers, authorization: undefined, cookie: undefined };
});

router.get('/capture/partly-deleted', (ctx) => {
  const copy = { ...ctx.headers };
  delete copy.authorization;
  delete copy['x-api-key'];
  // expect: debug-echo-route
  ctx.body = copy;
});

router.get('/tickets/:id/context', async (ctx) => {
  await tickets.load(ctx.params.id).then((ticket) => {
    // expect: debug-echo-route
    ctx.body = { ticket: ticket.id, caller: { apikey: ctx.get('apikey') } };
  });
});

// Look-alikes below.

// Every credential header overwritten: the copy is clean.
router.get('/capture/redacted', (ctx) => {
  // ok: debug-echo-route
  ctx.body = {
    ...ctx.headers,
    authorization: undefined,
    cookie: undefined,
    'set-cookie': undefined,
    'proxy-authorization': undefined,
    'x-api-key': undefined,
    'x-auth-token': undefined,
    'x-access-token': undefined,
    'x-csrf-token': undefined,
    'api-key': undefined,
    apikey: undefined,
  };
});

// Every credential header deleted from the copy: clean as well.
router.get('/capture/scrubbed', (ctx) => {
  const copy = { ...ctx.request.headers };
  delete copy.authorization;
  delete copy.cookie;
  delete copy['set-cookie'];
  delete copy['proxy-authorization'];
  delete copy['x-api-key'];
  delete copy['x-auth-token'];
  delete copy['x-access-token'];
  delete copy['x-csrf-token'];
  delete copy['api-key'];
  delete copy.apikey;
  // ok: debug-echo-route
  ctx.body = copy;
});

// Written to an audit record that is stored, not sent.
router.post('/capture/audit', async (ctx) => {
  const audit = { at: Date.now(), path: ctx.path };
  // ok: debug-echo-route
  audit.body = JSON.stringify(ctx.headers);
  await auditStore.save(audit);
  // ok: debug-echo-route
  ctx.status = 202;
});

router.get('/capture/client', (ctx) => {
  // ok: debug-echo-route
  ctx.set('x-request-id', ctx.get('x-request-id'));
  // ok: debug-echo-route
  ctx.body = { ua: ctx.get('user-agent'), contentType: ctx.get('content-type') };
});

// Only an allow-list of harmless headers is copied.
router.get('/capture/safe', (ctx) => {
  // ok: debug-echo-route
  ctx.body = {
    'user-agent': ctx.get('user-agent'),
    accept: ctx.get('accept'),
    'content-type': ctx.get('content-type'),
    'x-request-id': ctx.get('x-request-id'),
    host: ctx.get('host'),
  };
});

router.post('/capture/body', (ctx) => {
  // ok: debug-echo-route
  ctx.body = { received: ctx.request.body, query: ctx.query };
});

// Header names in a string literal are not header values.
router.get('/capture/help', (ctx) => {
  // ok: debug-echo-route
  ctx.body = {
    example: { authorization: 'Bearer <your token>', 'x-api-key': '<your key>' },
    required: ['authorization', 'x-api-key'],
  };
});

// The caller's credential is forwarded upstream, not sent back.
router.get('/ledger/balance', async (ctx) => {
  // ok: debug-echo-route
  const res = await fetch(`${LEDGER_URL}/v2/balance`, {
    headers: { authorization: ctx.get('authorization'), 'x-request-id': ctx.get('x-request-id') },
  });
  ctx.status = res.status;
  // ok: debug-echo-route
  ctx.body = await res.json();
});

// The loop binding `headers` shadows the `headers` destructured from ctx.
router.get('/webhooks/:id', async (ctx) => {
  const { headers } = ctx;
  const deliveries = await webhooks.recent(headers.host);
  for (const { id, status, headers } of deliveries) {
    if (id === ctx.params.id) {
      // ok: debug-echo-route
      ctx.body = { id, status, headers };
      return;
    }
  }
  ctx.status = 404;
});

export default router;
