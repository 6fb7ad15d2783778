'use strict';

const Controller = require('egg').Controller;
const jwt = require('jsonwebtoken');
const { dump } = require('../lib/util');
const tokens = require('../lib/tokens');

class OrderController extends Controller {
  async index() {
    const { ctx } = this;
    // expect: header-logging
    dump('authorization', ctx.get('authorization'));
    // ok: header-logging -- only the request line goes to the wrapper
    dump('route', `${ctx.method} ${ctx.path}`);
    ctx.body = await ctx.service.order.list(Number(ctx.query.page) || 1);
  }

  async show() {
    const { ctx } = this;
    // expect: header-logging
    this.logger.info('order %s requested with %j', ctx.params.id, ctx.headers);
    ctx.body = await ctx.service.order.find(ctx.params.id);
  }

  async token() {
    const { ctx } = this;
    const user = await ctx.service.user.login(ctx.request.body);
    const token = jwt.sign(
      { sub: user.id, aud: tokens.audience },
      // expect: hardcoded-secret
      tokens.signingPhrase,
      { issuer: tokens.issuer, expiresIn: tokens.lifetime },
    );
    ctx.body = { token };
  }

  async partnerCreate() {
    const { ctx } = this;
    if (!ctx.service.partner.authenticate()) {
      ctx.throw(401, 'unknown partner');
    }
    // ok: hardcoded-secret -- the portal's key is read from the environment only
    const claims = jwt.verify(ctx.get('x-portal-token'), tokens.portalKey);
    ctx.body = await ctx.service.order.create(claims.sub, ctx.request.body);
    ctx.status = 201;
  }
}

module.exports = OrderController;
