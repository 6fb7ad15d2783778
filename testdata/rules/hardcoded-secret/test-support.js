// Helpers shared by the keys API's integration tests: a Koa app wired with
// fake credentials, request builders and seeded partner records. Placeholders
// are fine here; real keys copied from a staging shell are not.
import Koa from 'koa';
import request from 'supertest';
import { createApp } from '../src/app.js';

// ok: hardcoded-secret -- a placeholder
process.env.BILLING_API_KEY = 'test';
// ok: hardcoded-secret -- a placeholder
process.env.LEDGER_SERVICE_TOKEN = 'dummy';
// ok: hardcoded-secret -- a placeholder
process.env.CONSOLE_JWT_SECRET = 'example';
// expect: hardcoded-secret
process.env.PARTNER_API_KEY = 'jfrrTglxrp0BDpdDniSnU1gF';

export const partners = [
  {
    id: 'partner-1',
    name: 'Acme Payments',
    // ok: hardcoded-secret -- a placeholder
    apiKey: 'your-api-key',
    // ok: hardcoded-secret -- a placeholder
    clientSecret: '<CLIENT_SECRET>',
    // ok: hardcoded-secret -- a placeholder
    webhook_secret: 'xxxxxxxxxxxxxxxxxxxxxxxx',
  },
  {
    id: 'partner-2',
    name: 'Globex Treasury',
    // ok: hardcoded-secret -- a template placeholder filled in by the CI job, not a key
    apiKey: '${PARTNER_2_API_KEY}',
    // ok: hardcoded-secret -- a placeholder
    password: 'changeme',
    // ok: hardcoded-secret -- the empty string
    passphrase: '',
  },
];

// Tokens the GitHub release mock accepts. Someone pasted a real-looking one.
export const acceptedTokens = [
  // ok: hardcoded-secret -- a placeholder in a GitHub token's shape
  'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  // expect: hardcoded-secret
  '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',
];

export function testApp() {
  const app = createApp();
  // ok: hardcoded-secret -- a placeholder
  app.keys = ['test'];
  return app;
}

// ok: hardcoded-secret -- a placeholder default
export function asPartner(app, path, apiKey = 'test') {
  return request(app.callback()).get(path).set('x-api-key', apiKey);
}

export function asOperator(app, path) {
  return (
    request(app.callback())
      .get(path)
      // ok: hardcoded-secret -- `Bearer` followed by a placeholder
      .set('Authorization', 'Bearer <token>')
  );
}

export const stripeFixtures = {
  // ok: hardcoded-secret -- a Stripe test-mode key
  secretKey: 'sk_test_cIFwF9fG6SptB3WDHN3sMOGq',
  // expect: hardcoded-secret
  restrictedKey: 'rk_live_QiLpGzRW8eYisDMi9sRu23RK',
};

export const awsFixtures = {
  region: 'us-east-1',
  // ok: hardcoded-secret -- AWS's documented example access key id
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  // expect: hardcoded-secret
  backupAccessKeyId: 'AKIAXRREULM8C8CXO85T',
};

// A bare Koa app for the middleware unit tests.
export function bareApp() {
  const app = new Koa();
  // A placeholder word, but it signs this app's cookies (this file is not under a test glob).
  // expect: hardcoded-secret
  app.keys = ['dummy'];
  return app;
}
