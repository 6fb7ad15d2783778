// Configuration of the keys API, loaded once at start-up. Every secret is
// meant to come from the environment (the deployment injects them from the
// secret manager); the fallbacks below are what a hurried local setup left.
'use strict';

const path = require('node:path');

const env = process.env.NODE_ENV || 'development';

// Names of the variables the deployment sets, for the start-up check and the
// runbook. They name secrets; they are not secrets.
const ENV_NAMES = {
  // ok: hardcoded-secret -- an environment variable's name, not its value
  apiKey: 'BILLING_API_KEY',
  // ok: hardcoded-secret -- an environment variable's name, not its value
  dbPassword: 'DB_PASSWORD',
  // ok: hardcoded-secret -- an environment variable's name, not its value
  signingKey: 'WEBHOOK_SIGNING_KEY',
};

const config = {
  env,
  port: Number(process.env.PORT || 8443),
  billing: {
    url: process.env.BILLING_URL || 'https://billing.internal.partner-bank.io/v2',
    // expect: hardcoded-secret
    apiKey: process.env.BILLING_API_KEY || 'bk_prod_JNuglCGu6H70Fopf',
    // ok: hardcoded-secret -- a header name; `apiKeyHeader` is about the key, not the key
    apiKeyHeader: 'X-Partner-Api-Key',
    timeoutMs: 5000,
  },
  ledger: {
    url: process.env.LEDGER_URL,
    // expect: hardcoded-secret
    serviceToken: process.env.LEDGER_SERVICE_TOKEN ?? 'kteBVyfk9LbPF13yr5QO',
    // ok: hardcoded-secret -- an OAuth endpoint; `tokenUrl` is not a token
    tokenUrl: 'https://login.partner-bank.io/oauth2/v2/token',
    // ok: hardcoded-secret -- the token scheme, not a token
    tokenType: 'Bearer',
  },
  db: {
    host: process.env.DB_HOST || 'localhost',
    user: process.env.DB_USER || 'keys_api',
    // expect: hardcoded-secret
    password: process.env.DB_PASSWORD || 'tangerinelobsterquay',
    // ok: hardcoded-secret -- the empty string: no fallback at all
    passwordFallback: '',
    // ok: hardcoded-secret -- a path to a key file, not the key
    caFile: process.env.DB_CA_FILE || './keys/db-ca.pem',
  },
  tls: {
    // ok: hardcoded-secret -- a path to a key file, not the key
    privateKey: path.join(__dirname, 'keys', 'server.key'),
    // ok: hardcoded-secret -- a path to a key file, not the key
    privateKeyPath: './keys/server.pem',
    // ok: hardcoded-secret -- a public key is not a secret, whatever it is called
    PUBLIC_KEY: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq65uujwMTm1ZlgTGOn1s0Ng3mw2Qp7yi',
  },
  webhooks: {
    // expect: hardcoded-secret
    signingKey: 'whsec_EaEghiOOfYZ9RRzOCYLKJbnIGDRwRSYU',
    // expect: hardcoded-secret
    private_key: 'ESFhj9xslWnWrNsMt20rRy8jaZJH4lJ0BZRqj7NU2Nk=',
    // expect: hardcoded-secret
    secret_key: 'nPNjf5FvTa6PPgiEw1jqLxlL',
    // expect: hardcoded-secret
    SESSION_KEY_2: 'pxDm1sM5OYHqMVdhaXe5',
  },
  legacy: {
    // expect: hardcoded-secret
    DB_PASSWD: process.env.DB_PASSWD || 'riXf6VKeM6skIOtOpn155AbSNNavvHN0',
    // ok: hardcoded-secret -- a single dictionary word, too weak to be anyone's real password
    adminPassword: 'password',
    // ok: hardcoded-secret -- `isSecret` is a flag about a secret
    isSecret: 'yes',
  },
  // ok: hardcoded-secret -- the name of an entry in the secret manager
  secretName: 'prod/keys-api/Billing-Api-Key',
  // ok: hardcoded-secret -- `hasToken` is about a token; `false` is not a string anyway
  hasToken: false,
  passwordLength: 16,
  envNames: ENV_NAMES,
};

// Set by the operator tooling when the service runs against the sandbox.
if (env !== 'production') {
  // expect: hardcoded-secret
  config.sandboxApiKey = 'sbx_N09qTmEIdVboSbn0OxX7qb3F';
  // ok: hardcoded-secret -- a placeholder that the start-up check refuses
  config.billing.webhookSecret = 'changeme';
}

// expect: hardcoded-secret
config.ledger.hmac_key = 'Hn2gCYHrlAwE6eJytFe9';

module.exports = config;
