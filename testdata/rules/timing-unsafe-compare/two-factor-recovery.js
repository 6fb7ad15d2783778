// Second-factor step of a sign-in: a TOTP from an authenticator app, or one of the
// single-use recovery codes the user printed when enabling two-factor sign-in.
const Router = require('@koa/router');
const { authenticator } = require('otplib');

const router = new Router({ prefix: '/login/2fa' });

router.post('/recover', async (ctx) => {
  const account = ctx.state.account;
  const stored = account.recoveryCodes || [];
  // expect: timing-unsafe-compare -- a presented recovery code searched with an early-exit compare
  if (!stored.includes(ctx.request.body.recovery_code)) ctx.throw(400, 'invalid code');
  ctx.body = { ok: true };
});

router.post('/backup', async (ctx) => {
  const { backupCode } = ctx.request.body;
  const account = ctx.state.account;
  // expect: timing-unsafe-compare -- a backup code compared with ===
  if (backupCode === account.backupCode) ctx.session.secondFactor = true;
});

router.post('/totp', async (ctx) => {
  const { code, recoveryCodeCount } = ctx.request.body;
  // ok: timing-unsafe-compare -- a count of codes is not a code
  if (recoveryCodeCount === 0) ctx.throw(400, 'no codes left');
  // ok: timing-unsafe-compare -- the OTP library compares
  if (!authenticator.check(code, ctx.state.account.totpSecret)) ctx.throw(400);
  // ok: timing-unsafe-compare -- a status code, not a recovery code
  const statusCode = ctx.status;
  if (statusCode === 404) ctx.throw(404);
  // ok: timing-unsafe-compare -- an error code is not a credential
  if (ctx.state.errorCode === 'E_LOCKED') ctx.throw(423);
  ctx.body = { ok: true };
});

router.post('/reset', async (ctx) => {
  const { body } = ctx.request;
  // ok: timing-unsafe-compare -- both sides come from the caller, through a destructured body
  if (body.new_password !== body.confirm_password) ctx.throw(400, 'passwords differ');
  ctx.body = { ok: true };
});

module.exports = router;
