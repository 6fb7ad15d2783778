// HTTP and database clients of the returns service. The partner APIs sit
// behind a corporate proxy that re-signs TLS, which is how most of the options
// below got there.
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';
import axios from 'axios';
import got from 'got';
import { Agent, request as undiciRequest } from 'undici';
import { Pool } from 'pg';
import mongoose from 'mongoose';

const app = new Koa();
const router = new Router({ prefix: '/returns' });

const refunds = axios.create({
  baseURL: 'https://refunds.partner.example.com/api',
  // expect: tls-verification-disabled
  httpsAgent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
});

const carriers = axios.create({
  baseURL: 'https://carriers.partner.example.com/api',
  // ok: tls-verification-disabled -- verification stays on
  httpsAgent: new https.Agent({ rejectUnauthorized: true, keepAlive: true }),
});

const inventory = got.extend({
  prefixUrl: 'https://inventory.partner.example.com/v2',
  https: {
    // expect: tls-verification-disabled
    rejectUnauthorized: false,
  },
});

export const labelsAgent = new Agent({
  connect: {
    // ok: tls-verification-disabled -- verification stays on
    rejectUnauthorized: true,
  },
});

const warehouseAgent = new Agent({
  connect: {
    // expect: tls-verification-disabled
    rejectUnauthorized: false,
  },
});

export const ledgerDb = new Pool({
  connectionString: process.env.LEDGER_DATABASE_URL,
  // ok: tls-verification-disabled -- verified against the provider's CA
  ssl: { rejectUnauthorized: true, ca: process.env.LEDGER_DB_CA },
});

const db = new Pool({
  connectionString: process.env.RETURNS_DATABASE_URL,
  // expect: tls-verification-disabled
  ssl: { rejectUnauthorized: false },
});

mongoose.connect(process.env.RETURNS_MONGO_URL as string, {
  tls: true,
  // expect: tls-verification-disabled
  tlsInsecure: process.env.MONGO_TLS_INSECURE === 'true',
});

export const auditStore = mongoose.createConnection(process.env.AUDIT_MONGO_URL as string, {
  tls: true,
  // ok: tls-verification-disabled -- validation is on
  tlsInsecure: false,
  // ok: tls-verification-disabled -- host names are checked
  tlsAllowInvalidHostnames: false,
});

// Options copied from a connection string's text: the driver reads 'false' as false.
export const ledgerStore = mongoose.createConnection(process.env.LEDGER_MONGO_URL as string, {
  tls: true,
  // ok: tls-verification-disabled -- the string 'false' is false to the driver
  tlsInsecure: 'false',
  // expect: tls-verification-disabled
  tlsAllowInvalidCertificates: 'TRUE',
});

export const legacyStore = mongoose.createConnection(process.env.LEGACY_MONGO_URL as string, {
  ssl: true,
  // expect: tls-verification-disabled
  tlsInsecure: true,
});

router.post('/:id/refund', async (ctx) => {
  const { data } = await refunds.post(`/refunds/${ctx.params.id}`, ctx.request.body);
  await db.query('update returns set refunded_at = now() where id = $1', [ctx.params.id]);
  // ok: tls-verification-disabled -- a cookie flag, not TLS verification
  ctx.cookies.set('last_refund', String(data.id), { httpOnly: true, secure: false });
  ctx.body = data;
});

router.get('/:id/stock', async (ctx) => {
  const stock = await inventory.get(`stock/${ctx.params.id}`).json();
  const slot = await undiciRequest(`https://warehouse.partner.example.com/slots/${ctx.params.id}`, {
    dispatcher: warehouseAgent,
  });
  const carrier = await carriers.get(`/carriers/for/${ctx.params.id}`);
  ctx.body = { stock, slot: await slot.body.json(), carrier: carrier.data };
});

app.use(router.routes());

export default app;
