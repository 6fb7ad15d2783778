// An Egg service that mails account links and calls a partner API. In a file that serves
// requests a parameter called `token` is a credential; the activation and reset links carry
// theirs by design, the partner call did not need to.
const { Service } = require('egg');

class NoticeService extends Service {
  async sendActivationMail(address, token, login) {
    const { config } = this;
    const body = '<p>Hello ' + login + '</p>' +
      // ok: key-in-query -- the e-mailed activation link carries its one-time key
      '<a href="' + config.siteUrl + '/account/activate?key=' + token + '&login=' + login + '">activate</a>';
    await this.ctx.service.mailer.deliver({ to: address, html: body });
  }

  async sendPasswordResetMail(address, token) {
    // ok: key-in-query -- a password-reset link built where its e-mail is made
    const link = `${this.config.siteUrl}/password/reset?key=${token}`;
    await this.ctx.service.mailer.deliver({ to: address, text: link });
  }

  async lookupPartnerAccount(token, accountId) {
    // expect: key-in-query
    const url = `${this.config.partnerUrl}/accounts/${accountId}?key=${token}`;
    return this.ctx.curl(url, { dataType: 'json' });
  }
}

module.exports = NoticeService;
