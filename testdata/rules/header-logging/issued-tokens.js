// Login and refresh routes of a partner API. The access tokens they sign are
// credentials from the moment they exist: logging one hands a working bearer
// token to whoever reads the logs, for as long as it is valid.
const Router = require('@koa/router');
const jwt = require('jsonwebtoken');
const jwtSimple = require('jwt-simple');
const { accounts } = require('./accounts');
const logger = require('./logger');

const router = new Router({ prefix: '/auth' });

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body;
  const account = await accounts.verify(email, password);
  if (!account) {
    // ok: header-logging
    logger.warn('login failed for %s', email);
    ctx.throw(401, 'invalid credentials');
  }
  const issued = jwt.sign({ sub: account.id }, process.env.JWT_SIGNING_KEY, { expiresIn: '1h' });
  // expect: header-logging
  logger.info({ account: account.id, issued }, 'login');
  // ok: header-logging
  logger.info({ account: account.id, expiresIn: 3600, tokenType: 'Bearer' }, 'login');
  // ok: debug-echo-route
  ctx.body = { access_token: issued, token_type: 'Bearer', expires_in: 3600 };
});

router.post('/refresh', async (ctx) => {
  let renewed;
  const account = await accounts.byRefreshHandle(ctx.request.body.handle);
  if (account) {
    renewed = jwt.sign({ sub: account.id }, process.env.JWT_SIGNING_KEY, { expiresIn: '1h' });
  }
  // expect: header-logging
  console.log('refreshed', renewed);
  // ok: header-logging
  console.log('refresh for', account && account.id);
  // ok: debug-echo-route
  ctx.body = { access_token: renewed };
});

router.post('/legacy-session', async (ctx) => {
  const account = await accounts.verify(ctx.request.body.email, ctx.request.body.password);
  if (!account) {
    ctx.throw(401, 'invalid credentials');
  }
  // expect: header-logging
  logger.debug(`legacy token ${jwtSimple.encode({ sub: account.id }, process.env.LEGACY_SECRET)}`);
  // ok: header-logging
  logger.debug('decoded claims %j', jwt.decode(ctx.request.body.previous));
  ctx.status = 204;
});

module.exports = router;
