'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, stopServer, get } = require('./helpers');

let server;
let baseUrl;

before(async () => {
  ({ server, baseUrl } = await startServer());
});

after(async () => {
  await stopServer(server);
});

test('GET /healthz answers ok', async () => {
  const res = await get(`${baseUrl}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: 'ok' });
});

test('GET /invoices without an API key is rejected', async () => {
  const res = await get(`${baseUrl}/invoices?customer=c_123`);
  assert.equal(res.status, 401);
});
