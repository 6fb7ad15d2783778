'use strict';

const Service = require('egg').Service;
const jwt = require('jsonwebtoken');
const { signatureMatches, digestMatches } = require('../lib/util');

class PartnerService extends Service {
  authenticate() {
    const { ctx } = this;
    // expect: timing-unsafe-compare
    return signatureMatches(ctx.get('x-api-key'), process.env.PARTNER_API_KEY);
  }

  authenticateV2() {
    // ok: timing-unsafe-compare -- digestMatches hashes both sides and uses timingSafeEqual
    return digestMatches(this.ctx.get('x-api-key'), process.env.PARTNER_API_KEY);
  }

  signCallback(payload) {
    // expect: hardcoded-secret
    return jwt.sign(payload, this.app.config.callbacks.phrase);
  }

  signRefresh(payload) {
    // ok: hardcoded-secret -- the refresh phrase is read from the environment
    return jwt.sign(payload, this.config.callbacks.refreshPhrase);
  }

  isSandbox() {
    // ok: timing-unsafe-compare -- the partner environment's name is not a secret
    return signatureMatches(this.ctx.get('x-partner-env'), 'sandbox');
  }
}

module.exports = PartnerService;
