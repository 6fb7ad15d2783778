'use strict';

const { signatureMatches } = require('../lib/util');

// Who is calling, for the warning below.
function describeCaller(c) {
  return { ip: c.ip, agent: c.get('user-agent'), credentials: c.get('authorization') };
}

module.exports = (options, app) => async function apiAuth(ctx, next) {
  const presented = (ctx.get('authorization') || '').replace(/^Bearer\s+/i, '');
  // expect: timing-unsafe-compare
  if (!signatureMatches(presented, process.env.GATEWAY_TOKEN)) {
    // expect: header-logging
    app.logger.warn('[apiAuth] rejected %j', describeCaller(ctx));
    ctx.status = 401;
    ctx.body = { error: 'unauthorized' };
    return;
  }
  // ok: header-logging -- method and path only
  app.logger.info('[apiAuth] %s %s', ctx.method, ctx.path);
  await next();
};
