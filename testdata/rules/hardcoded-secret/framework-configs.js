// A small Egg-style service: its configuration, its JWT helpers and its mailer, where the keys
// sit in the places frameworks read them from, short and guessable ones included.
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const jwtMiddleware = require('koa-jwt');
const nodemailer = require('nodemailer');

module.exports = (appInfo) => {
  const config = {};
  // expect: hardcoded-secret
  config.keys = appInfo.name + '_1604311200000_8841';
  // expect: hardcoded-secret
  config.session_secret = 'portal_secret';
  config.jwt = {
    enable: true,
    // expect: hardcoded-secret
    secret: 'portal',
    expiresIn: '12h',
  };
  // ok: hardcoded-secret -- koa-session's `key` is the cookie's name
  config.session = { key: 'PORTAL_SESS', maxAge: 86400000 };
  // ok: hardcoded-secret -- an environment variable's name
  config.signingKey = 'PORTAL_SIGNING_KEY';
  config.messages = {
    // ok: hardcoded-secret -- a message about the secret
    INVALID_SESSION_SECRET: 'The session secret is not valid.',
  };
  return config;
};

function issue(user) {
  // expect: hardcoded-secret
  return jwt.sign({ sub: user.id }, 'portal-dev', { expiresIn: '4h' });
}

function check(token) {
  // expect: hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET || 'secret');
}

function checkSigned(token, publicKey) {
  // ok: hardcoded-secret
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

function reissue(token) {
  // ok: hardcoded-secret
  return jwt.sign(jwt.decode(token), process.env.JWT_SECRET, { expiresIn: '4h' });
}

// expect: hardcoded-secret
const apiAuth = jwtMiddleware({ secret: 'letmein', algorithms: ['HS256'] });

function sign(body) {
  // expect: hardcoded-secret
  return crypto.createHmac('sha256', 'webhook').update(body).digest('hex');
}

function signWithConfig(body, settings) {
  // ok: hardcoded-secret
  return crypto.createHmac('sha256', settings.webhookKey).update(body).digest('hex');
}

const mailer = nodemailer.createTransport({
  host: 'smtp.mail.example',
  port: 465,
  secure: true,
  auth: {
    user: 'notify@mail.example',
    // expect: hardcoded-secret
    pass: 'Summer2024mail',
  },
});

const relay = nodemailer.createTransport({
  host: 'smtp.relay.example',
  // ok: hardcoded-secret
  auth: { user: 'relay', pass: process.env.SMTP_PASS },
});

module.exports.helpers = { issue, check, checkSigned, reissue, apiAuth, sign, signWithConfig, mailer, relay };

// Database settings for production, and the login form's labels and validation rules.
module.exports.sequelize = {
  username: 'root',
  // expect: hardcoded-secret
  password: '123456',
  database: 'portal_production',
  host: '127.0.0.1',
};
module.exports.loginForm = {
  labels: {
    username: 'Username',
    // ok: hardcoded-secret -- a form label
    password: 'Password',
  },
  // ok: hardcoded-secret -- validation rules
  rules: { username: 'required|min:3', password: 'required|min:8' },
  // ok: hardcoded-secret -- a stand-in for the reader
  example: { name: 'alice', pass: 'your-password' },
};

// Look-alikes of the places above: paths and algorithms of keys, separators, field lists,
// form-field references; and a key that starts with its holder's name.
module.exports.more = (appInfo) => ({
  // ok: hardcoded-secret -- only a separator is written here; the key comes from the environment
  keys: appInfo.name + '_' + process.env.COOKIE_KEY,
  // ok: hardcoded-secret -- a path to the key
  jwtKeyPath: './keys/jwt.pem',
  // ok: hardcoded-secret -- the algorithm of the key
  signingKeyAlgorithm: 'RS256',
  form: {
    // ok: hardcoded-secret -- i18n keys of the login form's fields
    labels: { username: 'login.username', password: 'login.password' },
    // ok: hardcoded-secret -- CSS selectors
    selectors: { user: '#username', pass: '#password' },
  },
  // expect: hardcoded-secret
  jwt: { secret: 'secret-k9Lm2Qx7Zr4Tb8Wc' },
});
