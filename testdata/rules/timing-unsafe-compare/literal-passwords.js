// Back-office routes of the warehouse service. The first version had a single
// operator account; its password was written straight into the checks below
// and never moved out. The settings form posts flags as strings.
'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const accounts = require('./accounts');

const app = new Koa();
const router = new Router({ prefix: '/backoffice' });
app.use(bodyParser());

router.post('/login', async (ctx) => {
  const { username, password } = ctx.request.body;
  // expect: timing-unsafe-compare
  if (username === 'ops' && password === 'letmein-2024') {
    ctx.session.operator = true;
    ctx.status = 204;
    return;
  }
  ctx.throw(401, 'bad credentials');
});

router.post('/vault/unlock', async (ctx) => {
  const body = ctx.request.body;
  // expect: timing-unsafe-compare
  if (body.passphrase !== 'open sesame') {
    ctx.throw(403);
  }
  ctx.body = await accounts.unlockVault(ctx.state.user.id);
});

router.post('/settings', async (ctx) => {
  const body = ctx.request.body;
  // ok: timing-unsafe-compare -- the value of a checkbox, not a password
  if (body.change_password === 'true') {
    await accounts.requirePasswordChange(ctx.state.user.id);
  }
  // ok: timing-unsafe-compare -- a switch's value
  if (body.reset_password === 'on') {
    await accounts.sendResetMail(ctx.state.user.id);
  }
  // ok: timing-unsafe-compare -- an empty field, not a password
  if (body.password === '') {
    ctx.throw(400, 'password required');
  }
  // ok: timing-unsafe-compare -- the mask the form shows for an unchanged password
  if (body.password === '********') {
    ctx.status = 204;
    return;
  }
  await accounts.setPassword(ctx.state.user.id, body.password);
  ctx.status = 204;
});

router.get('/policy', async (ctx) => {
  const { passwordStrength, passwordPolicy } = await accounts.policy(ctx.state.user.id);
  // ok: timing-unsafe-compare -- a label about the password, not the password
  if (passwordStrength === 'weak') {
    ctx.set('X-Password-Warning', 'weak');
  }
  // ok: timing-unsafe-compare -- the policy's name
  ctx.body = { strict: passwordPolicy === 'strict' };
});

// Outside any handler: the maintenance CLI shares the same check.
function isMaintenancePassword(adminPassword) {
  // expect: timing-unsafe-compare
  return 'hunter2' == adminPassword;
}

function validateField(field, password) {
  // ok: timing-unsafe-compare -- the input's type, not its value
  if (field.type === 'password') {
    // ok: timing-unsafe-compare -- a type test
    return typeof password === 'string' && password.length >= 12;
  }
  return true;
}

function fromQuery(query) {
  // ok: timing-unsafe-compare -- a query string turned "undefined" into text
  if (query.password === 'undefined') {
    return null;
  }
  return query.password;
}

router.post('/maintenance', async (ctx) => {
  // expect: timing-unsafe-compare
  if (ctx.request.body.maintenancePassword != 'w4rehouse!') {
    ctx.throw(403);
  }
  ctx.body = { ok: isMaintenancePassword(ctx.request.body.adminPassword) };
});

const settings = require('./settings');

// Guards against a default, over configuration no caller controls.
function refuseDefaults() {
  // ok: timing-unsafe-compare -- configuration read from a module, not a caller's guess
  if (settings.database.password === 'changeme') throw new Error('set DATABASE_PASSWORD');
  // ok: timing-unsafe-compare -- the environment, not a caller's guess
  if (process.env.ADMIN_PASSWORD === 'admin') throw new Error('set ADMIN_PASSWORD');
}

function accountKind(member) {
  // ok: timing-unsafe-compare -- a marker constant, not a password
  if (member.password === 'SSO_ONLY') return 'sso';
  // ok: timing-unsafe-compare -- a lock flag
  if (member.password === '*LOCKED*') return 'locked';
  return 'local';
}

// A command-line tool's option: how to obtain the password, not the password.
function passwordSource(cliOptions) {
  // ok: timing-unsafe-compare -- ask on the terminal
  if (cliOptions.password === 'prompt') return 'tty';
  // ok: timing-unsafe-compare -- read it from standard input
  if (cliOptions.dbPassword === 'stdin') return 'pipe';
  return 'flag';
}

module.exports = { app, router, validateField, fromQuery, refuseDefaults, accountKind, passwordSource };
