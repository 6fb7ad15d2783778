// ThinkJS controllers: `this.ctx` is Koa's context, `this.header(name)` reads a request header.
module.exports = class extends think.Controller {
  async indexAction() {
    // expect: header-logging
    think.logger.info('request headers', this.ctx.headers);
    // expect: header-logging
    console.log('token', this.header('authorization'));
    // ok: header-logging
    console.log('path', this.ctx.path, this.header('user-agent'));
    return this.success({ ok: true });
  }
};
