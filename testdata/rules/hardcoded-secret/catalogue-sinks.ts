// Outbound integrations of the billing API: partner tokens (jose), the
// reporting warehouse, the cache, mail, the ledger partner's HTTP API, S3
// exports, payments, SMS and transactional mail.
import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import { SignJWT, jwtVerify } from 'jose';
import cookieSession from 'cookie-session';
import { Sequelize } from 'sequelize';
import Redis from 'ioredis';
import knex from 'knex';
import nodemailer from 'nodemailer';
import axios from 'axios';
import AWS from 'aws-sdk';
import Stripe from 'stripe';
import twilio from 'twilio';
import sgMail from '@sendgrid/mail';
import { settings } from './settings';

interface PartnerClaims {
  partnerId: string;
  scopes: string[];
}

export const app = new Koa();
const router = new Router({ prefix: '/partners' });

// ok: hardcoded-secret -- an algorithm name
const PARTNER_ALG: string = 'HS256';

const partnerKey = new TextEncoder().encode(process.env.PARTNER_TOKEN_KEY ?? '');

async function issuePartnerToken(claims: PartnerClaims): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: PARTNER_ALG })
    .setIssuedAt()
    .setExpirationTime('15m')
    // expect: hardcoded-secret
    .sign(new TextEncoder().encode('partner-signing-k3y-2024'));
}

async function issueSandboxToken(claims: PartnerClaims): Promise<string> {
  // ok: hardcoded-secret -- the key is read from the environment
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: PARTNER_ALG }).sign(partnerKey);
}

async function readPartnerToken(ctx: Context): Promise<PartnerClaims> {
  const token = ctx.get('authorization').replace(/^Bearer /, '');
  // expect: hardcoded-secret
  const { payload } = await jwtVerify(token, new TextEncoder().encode('secret'));
  return payload as unknown as PartnerClaims;
}

// The sandbox verifier's key, "temporary".
// expect: hardcoded-secret
const sandboxVerifyKey = new TextEncoder().encode('123456');

export async function readSandboxToken(token: string) {
  return jwtVerify(token, sandboxVerifyKey);
}

app.use(
  cookieSession({
    name: 'billing.sid',
    // expect: hardcoded-secret
    secret: process.env.COOKIE_SECRET || 'jwtSecret',
    maxAge: 8 * 60 * 60 * 1000,
  }),
);

// expect: hardcoded-secret
const warehouse = new Sequelize('warehouse', 'billing', 'W4reh0use!2024', {
  host: 'warehouse.internal',
  dialect: 'postgres',
});

// ok: hardcoded-secret -- the password comes from the settings module
const audit = new Sequelize('audit', 'billing', settings.auditPassword, { dialect: 'postgres' });

export const cache = new Redis({
  host: 'cache.internal',
  port: 6379,
  // expect: hardcoded-secret
  password: '123456',
});

// expect: hardcoded-secret
export const sessions = new Redis('redis://:Rd1s-pw-42@sessions.internal:6379/0');

// ok: hardcoded-secret -- no password in the URI
export const queueCache = new Redis('redis://cache:6379');

export const reports = knex({
  client: 'pg',
  connection: {
    host: 'reports.internal',
    database: 'reports',
    // expect: hardcoded-secret
    password: 'changeme',
  },
});

export const replicaReports = knex({
  client: 'pg',
  // ok: hardcoded-secret -- a URI with a user and no password (it comes from PGPASSWORD)
  connection: 'postgres://reports@reports-replica.internal:5432/reports',
});

const mailer = nodemailer.createTransport({
  host: 'smtp.mailgun.org',
  port: 587,
  auth: {
    user: 'postmaster@mg.billing.example.com',
    // expect: hardcoded-secret
    pass: 'changeme',
  },
});

const alertsMailer = nodemailer.createTransport({
  host: 'smtp.internal',
  // ok: hardcoded-secret -- from the environment
  auth: { user: 'alerts', pass: process.env.SMTP_ALERTS_PASSWORD },
});

const ledgerApi = axios.create({
  baseURL: 'https://api.ledger-partner.example.com',
  auth: {
    username: 'billing-api',
    // expect: hardcoded-secret
    password: 'Lp9!xR2vQ7mZ',
  },
});

async function fetchStatement(accountId: string) {
  return axios.get(`https://statements.ledger-partner.example.com/v2/${accountId}`, {
    // expect: hardcoded-secret
    headers: { Authorization: 'Bearer changeme' },
  });
}

async function fetchInvoices(token: string) {
  return axios.get('https://invoices.ledger-partner.example.com/v1/invoices', {
    // ok: hardcoded-secret -- the token is the caller's
    headers: { Authorization: `Bearer ${token}` },
  });
}

const exportsBucket = new AWS.S3({
  region: 'eu-west-1',
  accessKeyId: process.env.EXPORTS_ACCESS_KEY_ID,
  // expect: hardcoded-secret
  secretAccessKey: 'q2Lr7Vb9Xk4Tz1Wn6Hs8Jd3Fg5Mc0Pa+Ye/EuRiO',
});

AWS.config.update({
  region: 'eu-west-1',
  // expect: hardcoded-secret
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'jwtSecret',
});

// The SDK's documented example credentials, kept for the offline unit tests.
const exampleS3 = new AWS.S3({
  // ok: hardcoded-secret -- AWS's documented example key id
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  // ok: hardcoded-secret -- AWS's documented example secret
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
});

// expect: hardcoded-secret
const payments = new Stripe('sk_live_51Hx9QkL2vTzR8mNbYc4WdPq7', { apiVersion: '2023-10-16' });

// ok: hardcoded-secret -- from the environment
const refundsPayments = new Stripe(process.env.STRIPE_SECRET_KEY as string, { apiVersion: '2023-10-16' });

// ok: hardcoded-secret -- a Stripe test-mode key
const sandboxPayments = new Stripe('sk_test_4eC39HqLyjWDarjtT1zdp7dc', { apiVersion: '2023-10-16' });

// expect: hardcoded-secret
const sms = twilio('AC3f1e9b7c5a2d4086bf1c3e5a7d9b2f40', '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d');

// ok: hardcoded-secret -- from the environment
const smsFallback = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

// ok: hardcoded-secret -- from the environment
sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '');

// expect: hardcoded-secret
sgMail.setApiKey('SG.k3Yq9vXw2rTz.Bn7Lm4Pc8Hd1Fg6Js0Ka5Ue2Wo9Ri3Yt7Ev1Qx4Cb8Zn');

// A local signer for the outbox's idempotency keys; not jsonwebtoken.
const jwt = {
  sign(payload: object, label: string): string {
    return `${label}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  },
};

router.post('/statements/:id/refresh', async (ctx) => {
  const claims = await readPartnerToken(ctx);
  const statement = await fetchStatement(ctx.params.id);
  // ok: hardcoded-secret -- `jwt` here is the local outbox signer
  const idempotencyKey = jwt.sign({ id: ctx.params.id }, 'outbox-v2');
  await mailer.sendMail({ to: claims.partnerId, subject: 'Statement refreshed', text: idempotencyKey });
  ctx.body = statement.data;
});

router.post('/tokens', async (ctx) => {
  ctx.body = { token: await issuePartnerToken(ctx.request.body as PartnerClaims) };
});

app.use(router.routes());

export {
  audit,
  warehouse,
  alertsMailer,
  ledgerApi,
  fetchInvoices,
  exportsBucket,
  exampleS3,
  payments,
  sandboxPayments,
  refundsPayments,
  sms,
  smsFallback,
  issueSandboxToken,
};
