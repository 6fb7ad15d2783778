const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const ops = require('../lib/ops-log');
const preview = require('../lib/preview');
const { bearer, tokenEquals } = require('../lib/auth');
const config = require('../config/config');

module.exports = class extends think.Controller {
  async indexAction() {
    // ok: timing-unsafe-compare -- a language code is not a secret
    const english = tokenEquals(this.get('lang'), 'en');
    // ok: header-logging -- method and path only
    ops.info('list articles', { method: this.ctx.method, path: this.ctx.path, english });
    const list = await this.model('article').where({ published: 1 }).page(this.get('page') || 1).select();
    return this.success(list);
  }

  async editAction() {
    const raw = bearer(this.header('authorization'));
    // ok: hardcoded-secret -- the editor secret comes from the environment
    const editor = jwt.verify(raw, config.editorJwt.secret);
    if (!editor) {
      // expect: header-logging
      ops.warn('editor token rejected', { authorization: this.header('authorization') });
      return this.fail(403, 'forbidden');
    }
    const id = this.post('id');
    await this.model('article').where({ id }).update(this.post());
    return this.success({ id });
  }

  async previewAction() {
    const id = this.get('id');
    const expires = Math.floor(Date.now() / 1000) + preview.ttlSeconds;
    // expect: hardcoded-secret
    const sig = crypto.createHmac('sha256', preview.previewKey)
      .update(`${id}.${expires}`)
      .digest('hex');
    return this.success({ url: `/preview/${id}?expires=${expires}&sig=${sig}` });
  }

  async debugAction() {
    // expect: header-logging
    this.dumpHeaders(this.ctx.headers);
    return this.success({ ok: true });
  }

  dumpHeaders(headers) {
    console.log('[article] headers', headers);
  }
};
