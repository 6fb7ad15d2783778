'use strict';

var sameString = require('../lib/util').sameString;
var trace = require('../lib/util').trace;

// Teller endpoints are called with the shared teller token.
module.exports = function () {
  return function* checkToken(next) {
    var auth = this.get('authorization') || '';
    var token = auth.replace(/^Token\s+/, '');
    // expect: timing-unsafe-compare
    if (!sameString(token, process.env.TELLER_TOKEN)) {
      // expect: header-logging
      trace('rejected teller request', this.headers);
      // ok: header-logging -- the request line only
      trace('rejected teller request', { method: this.method, url: this.url });
      this.status = 401;
      return;
    }
    yield next;
  };
};
