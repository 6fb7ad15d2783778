// A payment provider's notification handler in a ThinkJS service: the provider signs the
// notification with an MD5 over the fields and the merchant key, which the service reads from
// configuration and recomputes in a helper method.
const md5 = require('md5');

module.exports = class extends think.Service {
  canonical(fields) {
    return Object.keys(fields).sort().map((k) => `${k}=${fields[k]}`).join('&');
  }

  merchantSign(query) {
    query = query + '&key=' + think.config('pay.merchant_key');
    return md5(query).toUpperCase();
  }

  channelTag(query) {
    // Not a key: the merchant id is printed on every receipt.
    return md5(query + '&mch=' + think.config('pay.merchant_id')).toUpperCase();
  }

  verifyNotice(notice) {
    const { sign, ...fields } = notice;
    // expect: timing-unsafe-compare
    if (this.merchantSign(this.canonical(fields)) !== sign) return false;
    // ok: timing-unsafe-compare -- a digest over public data only (no key) is a checksum
    if (this.channelTag(this.canonical(fields)) !== notice.tag) return false;
    return true;
  }

  verifyRefund(refund) {
    const expected = md5(this.canonical(refund.fields) + '&key=' + think.config('pay.refund_secret'));
    // expect: timing-unsafe-compare
    return expected.toUpperCase() === refund.sign;
  }
};
