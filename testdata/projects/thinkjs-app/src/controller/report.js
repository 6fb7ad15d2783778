const Base = require('./base.js');

module.exports = class extends Base {
  async exportAction() {
    // expect: header-logging
    console.log('export requested', this.ctx.headers);
    // ok: header-logging -- only the route and the user
    console.log('export', this.ctx.path, this.userId);
    return this.success({ queued: true });
  }

  async statusAction() {
    const token = this.header('x-report-token');
    // ok: header-logging -- a presence check is logged, not the token
    console.log('status token present:', Boolean(token));
    return this.success({ ready: true });
  }
};
