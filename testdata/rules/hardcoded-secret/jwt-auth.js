// JWT authentication for the operator console and the partner API.
// Partners present an RS256 token issued by the gateway; operators get an
// HS256 session token from /console/login. Keys should come from the vault.
const crypto = require('node:crypto');
const fs = require('node:fs');
const Router = require('@koa/router');
const jwt = require('koa-jwt');
const jsonwebtoken = require('jsonwebtoken');

// ok: hardcoded-secret -- a public key; verifying needs nothing secret
const GATEWAY_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZMw04it1qK7B9rtvbc5dQQ9TYkxo
lrGZmzXNkRVKeWtjqIbTlD0C5qYHHEWfUurDjjFkrpseKIuK79RiHZMyEQ==
-----END PUBLIC KEY-----`;

// The console's signing key, pasted in "until the vault integration lands".
const CONSOLE_SIGNING_KEY =
  // expect: hardcoded-secret
  `-----BEGIN EC PRIVATE KEY-----
ClcY0rwtJW8I8OAgBXvYm1iAQHfSjyVhLe6T+aaCoSvljfYp3bl6wCISyaoEi6Ef
b/Nv7hwBVhIo5kdLA9gHoP/rwEIagXLwKSvUAR6pg/IAFoCeD3EFjdu0Rwm6KFBf
kYne6AO0J4fQCsnYOWB73z1Z+56B3CzgsIT3fNWAxsuMrqRNSQtDrZpkqJb45hoy
-----END EC PRIVATE KEY-----`;

// A key kept "for the integration tests" under a name that says nothing; the
// PEM header and body say it all.
// expect: hardcoded-secret
const fixturePem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIIavSw2rLdx8ONmWeATHaieXYxKw34Sf/1ZMRFMs9gJM\n-----END PRIVATE KEY-----\n';

const router = new Router({ prefix: '/v1' });

router.use(
  jwt({
    secret: GATEWAY_PUBLIC_KEY,
    algorithms: ['ES256'],
    // ok: hardcoded-secret -- the issuer's URL is not a secret
    issuer: 'https://gateway.partner-bank.io/',
    audience: 'keys-api',
  }),
);

const consoleRouter = new Router({ prefix: '/console' });

consoleRouter.use(
  jwt({
    // expect: hardcoded-secret
    secret: process.env.CONSOLE_JWT_SECRET ?? 'jpe5nimW6php0rETpxB68UIKS3RrIGhj',
    algorithms: ['HS256'],
    // ok: hardcoded-secret -- koa-jwt's `cookie` option is the cookie's name, not a cookie header
    cookie: 'console_access_token',
    // ok: hardcoded-secret -- koa-jwt's `tokenKey` names a ctx.state field
    tokenKey: 'rawToken',
    passthrough: false,
  }).unless({ path: [/^\/console\/login/] }),
);

// The internal metrics scraper authenticates with a shared HMAC secret.
// expect: hardcoded-secret
const metricsAuth = jwt({ secret: 'zHAauRApYwTraFM9vGFP3ypYhaN37KjK', algorithms: ['HS256'] });

// "Local development only": a guessable key at a JWT verifier is a forgeable token wherever
// this module is loaded.
// expect: hardcoded-secret
const devAuth = jwt({ secret: 'secret', algorithms: ['HS256'] });

function signingKey() {
  const pem = process.env.CONSOLE_SIGNING_KEY_FILE
    ? fs.readFileSync(process.env.CONSOLE_SIGNING_KEY_FILE, 'utf8')
    : CONSOLE_SIGNING_KEY;
  // ok: hardcoded-secret -- a PEM header without a body is a marker to look for, not a key
  if (pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    return crypto.createPrivateKey({
      key: pem,
      // expect: hardcoded-secret
      passphrase: 'NY38YuTF79xItbVrRhye',
    });
  }
  return crypto.createPrivateKey(pem);
}

function issueConsoleToken(operator) {
  return jsonwebtoken.sign({ sub: operator.id, role: operator.role }, signingKey(), {
    algorithm: 'ES256',
    expiresIn: '15m',
  });
}

module.exports = { router, consoleRouter, metricsAuth, devAuth, issueConsoleToken, fixturePem };
