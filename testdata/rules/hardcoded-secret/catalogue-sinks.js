// Start-up wiring of the billing API: token auth, sessions, the operator
// console's basic auth, webhook signatures and the data stores. Real values
// come from the environment (see deploy/billing-api.env); several defaults
// below were pasted in "for local runs" and shipped.
'use strict';

const crypto = require('crypto');
const Koa = require('koa');
const Router = require('@koa/router');
const c2k = require('koa-connect');
const jwt = require('jsonwebtoken');
const koaJwt = require('koa-jwt');
const basicAuth = require('koa-basic-auth');
const passport = require('koa-passport');
const GitHubStrategy = require('passport-github2').Strategy;
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const expressSession = require('express-session');
const { Pool } = require('pg');
const mysql = require('mysql2');
const mongoose = require('mongoose');

const config = require('./config');
const { tokens } = require('./lib/tokens');

// "Until the vault lands": the value the session tokens are signed with.
// expect: hardcoded-secret
const ISSUER_DEFAULT = 'jwtSecret';

// ok: hardcoded-secret -- a label never given to a sink
const DEFAULT_LABEL = 'changeme';

// ok: hardcoded-secret -- the algorithm's name is not a key
const TOKEN_ALGORITHM = 'HS256';

const app = new Koa({
  proxy: true,
  // expect: hardcoded-secret
  keys: ['jwtSecret'],
});

const router = new Router({ prefix: '/v1' });
const consoleRouter = new Router({ prefix: '/console' });

// Operator console: a shared password for the whole team.
// expect: hardcoded-secret
consoleRouter.use(basicAuth({ name: 'ops', pass: '123456' }));

// Partner tokens are verified with the partner-facing key.
router.use(
  koaJwt({
    // expect: hardcoded-secret
    secret: process.env.PARTNER_JWT_KEY || 'changeme',
    algorithms: [TOKEN_ALGORITHM],
  }).unless({ path: [/^\/v1\/health/] }),
);

// The admin console verifies with the key from config.
// ok: hardcoded-secret -- read from the config module
router.use(koaJwt({ secret: config.adminJwtKey, algorithms: ['HS256'] }));

passport.use(
  new JwtStrategy({
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    // expect: hardcoded-secret
    secretOrKey: 'secret',
  }, (payload, done) => done(null, payload)),
);

passport.use(
  new GitHubStrategy({
    clientID: 'Iv1.4c2a9d7e81f35b60',
    // expect: hardcoded-secret
    clientSecret: '7d1f0c93ab54e2869fd03c1e5a7b48f2c6e9d015',
    callbackURL: 'https://billing.example.com/v1/auth/github/callback',
  }, (accessToken, refreshToken, profile, done) => done(null, profile)),
);

passport.use(
  'github-staging',
  new GitHubStrategy({
    clientID: process.env.GITHUB_STAGING_CLIENT_ID,
    // ok: hardcoded-secret -- from the environment
    clientSecret: process.env.GITHUB_STAGING_CLIENT_SECRET,
    callbackURL: 'https://staging.billing.example.com/v1/auth/github/callback',
  }, (accessToken, refreshToken, profile, done) => done(null, profile)),
);

// The legacy checkout pages still run on an express-session through koa-connect.
app.use(c2k(expressSession({
  // expect: hardcoded-secret
  secret: 'changeme',
  resave: false,
  saveUninitialized: false,
})));

router.post('/sessions', async (ctx) => {
  const { accountId } = ctx.request.body;
  ctx.body = { token: jwt.sign({ sub: accountId }, ISSUER_DEFAULT, { algorithm: 'HS256' }), label: DEFAULT_LABEL };
});

router.get('/sessions/current', async (ctx) => {
  const raw = (ctx.get('authorization') || '').replace(/^Bearer /, '');
  // expect: hardcoded-secret
  ctx.body = jwt.verify(raw, 'jwtSecret', { algorithms: ['HS256'] });
});

router.get('/sessions/introspect', async (ctx) => {
  const raw = (ctx.get('authorization') || '').replace(/^Bearer /, '');
  // ok: hardcoded-secret -- the key comes from the environment
  ctx.body = jwt.verify(raw, process.env.SESSION_TOKEN_KEY, { algorithms: ['HS256'] });
});

// `tokens` is the in-house token cache, not jsonwebtoken: its `sign` takes a label.
const cache = { jwt: tokens };
// ok: hardcoded-secret -- not jsonwebtoken's sign
cache.jwt.sign({ scope: 'billing' }, 'billing-cache-label');

// Webhook signatures sent to merchants.
function signPayload(body) {
  // expect: hardcoded-secret
  return crypto.createHmac('sha256', 'whsec_4eb8f1c27a9d03e6b5f2a18c').update(body).digest('hex');
}

// Card fingerprints at rest.
function sealFingerprint(fp, iv) {
  // expect: hardcoded-secret
  const cipher = crypto.createCipheriv('aes-256-cbc', Buffer.from('d2b7e81f4c0a93e65f1b7d28c4a09e3f'), iv);
  return Buffer.concat([cipher.update(fp), cipher.final()]);
}

function unsealFingerprint(sealed, iv) {
  // ok: hardcoded-secret -- the key comes from config
  const decipher = crypto.createDecipheriv('aes-256-cbc', config.fingerprintKey, iv);
  return Buffer.concat([decipher.update(sealed), decipher.final()]);
}

// The user comes from PGUSER in the pod spec.
const ledger = new Pool({
  host: 'ledger-db.internal',
  // expect: hardcoded-secret
  password: 'Ledger#2023!prod',
  database: 'ledger',
});

const replica = new Pool({
  host: 'ledger-replica.internal',
  user: 'billing_ro',
  // ok: hardcoded-secret -- from the environment
  password: process.env.LEDGER_REPLICA_PASSWORD,
});

const reporting = mysql.createPool({
  host: 'reporting.internal',
  user: 'reports',
  // expect: hardcoded-secret
  password: 'r3p0rts-Sup3r',
  database: 'reports',
});

const archive = mysql.createPool({
  host: 'archive.internal',
  user: 'archive',
  // ok: hardcoded-secret -- an empty password is no credential
  password: '',
});

// expect: hardcoded-secret
mongoose.connect('mongodb://billing:Mng0-pr0d-9xQ@mongo-0.internal:27017/billing?authSource=admin');

// ok: hardcoded-secret -- no userinfo in the URI
const events = mongoose.createConnection('mongodb://db:27017/app');

// Local helpers with the same option names are not sinks.
function openFixtureStore(opts) {
  return { ...opts, open: true };
}
// ok: hardcoded-secret -- a local function, not a catalogued client
const fixtureStore = openFixtureStore({ password: 'fixtures' });

function feature(name, opts) {
  return { name, ...opts };
}
// ok: hardcoded-secret -- `secret` of a call that is no sink
const secretFlag = feature('hidden-plans', { secret: 'true-for-staff-only' });

app.use(router.routes());
app.use(consoleRouter.routes());
app.use(passport.initialize());

module.exports = { app, ledger, replica, reporting, archive, events, fixtureStore, secretFlag, signPayload, sealFingerprint, unsealFingerprint };
