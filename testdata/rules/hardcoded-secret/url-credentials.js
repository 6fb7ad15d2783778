// Outbound integrations of the orders service: partner webhooks, the geocoder
// and the legacy inventory feed, plus the at-rest encryption of exported
// reports. This file is the concatenation of what used to be three modules
// (see scripts/bundle-legacy.sh), which is why some requires appear twice.
'use strict';

var crypto = require('crypto');
var Koa = require('koa');
var Router = require('@koa/router');
var axios = require('axios');

var app = new Koa();
var router = new Router({ prefix: '/integrations' });

// expect: hardcoded-secret
var PARTNER_HOOK = 'https://partner.example.net/v2/hook?api_key=9fKq2LmX7pQz';
// expect: hardcoded-secret
var INVENTORY_FEED = `https://feeds.stockroom.io/export.csv?format=csv&token=tK83bdQ0zLw1vY`;
// ok: hardcoded-secret -- the documentation's stand-in, not a key
var GEOCODER_DOCS = 'https://geo.example.com/v1/lookup?api_key=YOUR_API_KEY';
// ok: hardcoded-secret -- no value written
var GEOCODER_BASE = 'https://geo.example.com/v1/lookup?key=';
// ok: hardcoded-secret -- a URL without a query string
var STATUS_URL = 'https://status.stockroom.io/api/v2/summary.json';
// ok: hardcoded-secret -- the token parameter is left empty, filled in per request
var LOGIN_REDIRECT = 'https://accounts.orders.internal/login?next=/home&token=';
// ok: hardcoded-secret -- a placeholder of x's
var SAMPLE_HOOK = 'https://partner.example.net/v2/hook?api_key=xxxxxxxx';

router.post('/partner/notify', async (ctx) => {
  await axios.post(PARTNER_HOOK, { order: ctx.request.body.orderId });
  ctx.status = 202;
});

router.get('/inventory', async (ctx) => {
  var token = ctx.state.partner.feedToken;
  // expect: key-in-query -- (not hardcoded-secret: the token is a substitution, not written out)
  var feedUrl = `https://feeds.stockroom.io/export.csv?token=${token}`;
  var res = await axios.get(feedUrl);
  ctx.body = res.data;
});

router.get('/legacy/ledger', async (ctx) => {
  // expect: hardcoded-secret
  var res = await axios.get('https://ledger.old-erp.local/cgi/report?user=orders&password=Sp1ngB0ard99');
  ctx.body = res.data;
});

// --- reports.js -----------------------------------------------------------
var crypto = require('crypto');

function reportKey(salt, cb) {
  // expect: hardcoded-secret
  crypto.pbkdf2('reports-at-rest-2019', salt, 100000, 32, 'sha256', cb);
}

function archiveKey(salt) {
  // expect: hardcoded-secret
  return crypto.scryptSync('archive passphrase v3', salt, 32);
}

router.post('/reports/unlock', async (ctx) => {
  var password = ctx.request.body.password;
  var salt = Buffer.from(ctx.request.body.salt, 'hex');
  var key = await new Promise(function (resolve, reject) {
    // ok: hardcoded-secret -- the password comes from the request
    crypto.pbkdf2(password, salt, 100000, 32, 'sha256', function (err, derived) {
      return err ? reject(err) : resolve(derived);
    });
  });
  ctx.body = { fingerprint: crypto.createHash('sha256').update(key).digest('hex').slice(0, 8) };
});

// --- auth.js --------------------------------------------------------------
var passport = require('koa-passport');
var jwt = require('jsonwebtoken');
var ExtractJwt = require('passport-jwt').ExtractJwt;

class PartnerJwt {
  configure(users) {
    this.users = users;
    this.options = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // expect: hardcoded-secret
      secretOrKey: 'partnerhub',
      issuer: 'orders.example.com',
    };
  }

  install() {
    var users = this.users;
    passport.use('partner-jwt', new (require('passport-jwt').Strategy)(this.options, function (payload, done) {
      users.find(payload.sub).then(function (u) { done(null, u); }, done);
    }));
  }
}

class DeviceTokens {
  configure(ttl) {
    // expect: hardcoded-secret
    this.secret = 'ordersapi';
    this.ttl = ttl;
  }

  issue(device) {
    return jwt.sign({ sub: device.id, scope: 'device' }, this.secret, { expiresIn: this.ttl });
  }
}

// The usual place for it: the constructor.
class WebhookTokens {
  constructor(issuer) {
    // expect: hardcoded-secret
    this.signingSecret = 'hooksapi';
    this.issuer = issuer;
  }

  issue(hook) {
    return jwt.sign({ sub: hook.id, iss: this.issuer }, this.signingSecret);
  }
}

class StagingJwt {
  configure() {
    // ok: hardcoded-secret -- one of two values written to this.options: which one reaches the strategy is unknown
    this.options = { secretOrKey: 'staginghub', jwtFromRequest: ExtractJwt.fromUrlQueryParameter('t') };
  }

  harden() {
    this.options = { secretOrKey: process.env.ORDERS_JWT_KEY, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() };
  }

  install() {
    passport.use('staging-jwt', new (require('passport-jwt').Strategy)(this.options, function (p, done) {
      done(null, p);
    }));
  }
}

// --- kdf.js ---------------------------------------------------------------
var kdf = require('crypto');
var kdf = require('./vendor/kdf-shim');

function fixtureKey() {
  // ok: hardcoded-secret -- kdf is one of two different modules, not surely node's crypto
  return kdf.pbkdf2Sync('shimfixture', 'salt', 1, 32, 'sha256');
}

module.exports = {
  app: app,
  router: router,
  reportKey: reportKey,
  archiveKey: archiveKey,
  fixtureKey: fixtureKey,
  PartnerJwt: PartnerJwt,
  DeviceTokens: DeviceTokens,
  StagingJwt: StagingJwt,
};

// Stand-ins that look random at a glance: a magic hex word, and padding.
module.exports.sampleCredentials = {
  // ok: hardcoded-secret -- the well-known stand-in `cafebabe` inside
  apiToken: 'Zq7cafebabeWm3kP9xV2',
  // ok: hardcoded-secret -- twelve random characters padded with a run of `0`
  clientSecret: 'rT4bY6cH1zq7000000000000',
};

// Query strings that carry a mode or a state, not a key.
module.exports.links = {
  // ok: hardcoded-secret -- `auth` names the sign-in provider
  github: 'https://app.example.com/login?auth=github&next=/home',
  // ok: hardcoded-secret -- a state of the reset link, not a token
  expired: 'https://app.example.com/reset-password?token=expired',
};
