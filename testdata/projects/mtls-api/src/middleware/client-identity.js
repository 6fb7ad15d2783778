'use strict';

// Partners are identified by the common name of their client certificate.
module.exports = function clientIdentity() {
  return async (ctx, next) => {
    const cert = ctx.socket.getPeerCertificate();
    ctx.state.partner = cert.subject && cert.subject.CN;
    ctx.set('x-partner', ctx.state.partner || 'unknown');
    await next();
  };
};
