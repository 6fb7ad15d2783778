// Account routes that print what they were sent while the team chases a bug.
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const users = require('./users');

const app = new Koa();
const router = new Router();
app.use(bodyParser());

router.put('/me/password', async (ctx) => {
  const data = ctx.request.body;
  // expect: header-logging
  console.log('password change', data);
  if (!(await users.verify(ctx.state.userId, data.currentPassword))) {
    ctx.throw(403);
  }
  await users.setPassword(ctx.state.userId, data.newPassword);
  ctx.status = 204;
});

router.post('/login', async (ctx) => {
  const { username, password } = ctx.request.body;
  // expect: header-logging
  console.debug('login attempt', ctx.request.body);
  ctx.body = await users.login(username, password);
});

router.post('/profile', async (ctx) => {
  const profile = ctx.request.body;
  // ok: header-logging -- no credential is read from this body
  console.log('profile update', profile);
  await users.updateProfile(ctx.state.userId, profile.displayName, profile.bio);
  // ok: header-logging -- `ctx.body` is the response
  console.log('answer', ctx.body);
  ctx.status = 204;
});

class UserController extends think.Controller {
  async putAction() {
    const data = this.post();
    // expect: header-logging
    console.log(data);
    if (data.newPassword !== data.confirmPassword) {
      return this.fail(1000, 'the passwords differ');
    }
    return this.success();
  }
}

app.use(router.routes());
module.exports = { app, UserController };
