// Sign-up and password change of a small Koa app: the forms send the new password twice.
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const users = require('./users');

const app = new Koa();
const router = new Router();
app.use(bodyParser());

router.post('/signup', async (ctx) => {
  const password = ctx.request.body.password;
  const pwdRepeat = ctx.request.body.pwdRepeat;
  // ok: timing-unsafe-compare
  if (password == pwdRepeat) {
    ctx.body = await users.create(ctx.request.body.email, password);
  } else {
    ctx.status = 400;
  }
});

router.post('/password', async (ctx) => {
  const { currentPassword, newPassword, confirmPassword } = ctx.request.body;
  // ok: timing-unsafe-compare
  if (newPassword !== confirmPassword) {
    ctx.throw(400, 'the passwords differ');
  }
  const user = await users.find(ctx.state.userId);
  // expect: timing-unsafe-compare
  if (currentPassword !== user.password) {
    ctx.throw(403);
  }
  await users.setPassword(user.id, newPassword);
  ctx.status = 204;
});

router.post('/pin', async (ctx) => {
  // ok: timing-unsafe-compare
  if (ctx.query.pin !== ctx.request.body.pinConfirmation) {
    ctx.throw(400);
  }
  ctx.status = 204;
});

const crypto = require('crypto');
router.post('/legacy-login', async (ctx) => {
  const user = await users.byName(ctx.request.body.username);
  const hashed = crypto.createHash('md5').update(ctx.request.body.password + 'Xq7Lm2Kd9Pz4').digest('hex');
  // ok: timing-unsafe-compare -- a salted password hash (weak storage, but no signature key)
  if (hashed === user.passwordHash) {
    ctx.body = await users.session(user);
  }
});

app.use(router.routes());
module.exports = app;
