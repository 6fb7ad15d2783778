'use strict';

var koa = require('koa');
var route = require('koa-route');
var parse = require('co-body');
var session = require('koa-session');
var jwt = require('jsonwebtoken');
var config = require('./lib/config');
var sameString = require('./lib/util').sameString;
var checkToken = require('./middleware/check-token');

var app = koa();
// ok: hardcoded-secret -- the cookie keys come from the environment
app.keys = config.cookieKeys;

app.use(session(app));

function logCaller(c) {
  // expect: header-logging
  console.log('caller', c.ip, c.get('authorization'));
}

app.use(route.post('/login', function* () {
  var body = yield parse.json(this);
  var account = { id: body.account };
  // expect: hardcoded-secret
  var signed = jwt.sign(account, config.token.phrase, { expiresIn: config.token.ttl });
  this.body = { token: signed };
}));

app.use(route.get('/reports/:id', function* (id) {
  // ok: hardcoded-secret -- only in the environment
  var claims = jwt.verify(this.query.sig, config.reports.signingKey);
  // ok: timing-unsafe-compare -- a report id is not a secret
  if (!sameString(String(claims.report), id)) {
    this.status = 404;
    return;
  }
  this.body = { id: id };
}));

app.use(function* (next) {
  if (this.path.indexOf('/teller') === 0) {
    logCaller(this);
  }
  yield next;
});

app.use(checkToken());

app.use(route.get('/teller/balance/:account', function* (account) {
  this.body = { account: account, balance: 0 };
}));

app.listen(config.port);
