const { tokenEquals, hashedEquals } = require('../lib/auth');

// Public and syndication feeds, authenticated with API keys.
module.exports = class extends think.Controller {
  async __before() {
    if (this.ctx.path.startsWith('/public')) {
      // expect: timing-unsafe-compare
      if (!tokenEquals(this.header('x-api-key'), process.env.PUBLIC_API_KEY)) {
        return this.fail(401, 'invalid api key');
      }
    }
    if (this.ctx.path.startsWith('/public/syndication')) {
      // ok: timing-unsafe-compare -- hashedEquals hashes both sides, then timingSafeEqual
      if (!hashedEquals(this.header('x-api-key'), process.env.SYNDICATION_API_KEY)) {
        return this.fail(401, 'invalid api key');
      }
    }
  }

  async indexAction() {
    const articles = await this.model('article').where({ published: 1 }).limit(50).select();
    return this.success(articles);
  }

  async syndicationAction() {
    const since = Number(this.get('since')) || 0;
    const articles = await this.model('article').where({ updated_at: ['>', since] }).select();
    return this.success(articles);
  }
};
