// The project's base controller: every controller of the app extends it.
module.exports = class extends think.Controller {
  __before() {
    this.userId = this.ctx.state.userId;
  }
};
