// Egg.js controllers of a forum API: handlers are methods, and the context is `this.ctx`.
const Controller = require('egg').Controller;

class TopicController extends Controller {
  async show() {
    const { ctx } = this;
    ctx.body = await ctx.service.topic.show({
      id: ctx.params.id,
      // ok: key-in-query
      mdrender: ctx.query.mdrender !== 'false',
      // expect: key-in-query
      accesstoken: ctx.query.accesstoken || '',
    });
  }

  // The handler of the e-mailed activation link: the key arrives in the URL by design.
  async activeAccount() {
    const { ctx } = this;
    // ok: key-in-query
    const key = ctx.query.key || '';
    ctx.body = await ctx.service.user.activate(ctx.query.name, key);
  }

  // "active" in a name does not make every parameter a link token.
  async activeApiKeys() {
    const { ctx } = this;
    // expect: key-in-query
    ctx.body = await ctx.service.keys.active(ctx.query.api_key);
  }

  async collect() {
    // expect: key-in-query
    const token = this.ctx.query.access_token;
    this.ctx.body = await this.ctx.service.topic.collect(this.ctx.params.id, token);
  }
}

// A plain class with its own `ctx`-named field is not a controller.
class Cache {
  constructor() {
    this.ctx = { query: { token: 'cache-hit' } };
  }

  read() {
    // ok: key-in-query
    return this.ctx.query.token;
  }
}

module.exports = { TopicController, Cache };
