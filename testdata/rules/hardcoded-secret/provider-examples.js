// Quick-start for the OAuth login middleware: the documented examples ship with stand-in values
// that readers replace, keyboard walks among them; one copy kept a real-looking cookie secret.
const Koa = require('koa');
const session = require('koa-session');
const grantLogin = require('./grant-login');

const app = new Koa();
// A stand-in, but at Koa's cookie-signing keys it is the key that runs.
// expect: hardcoded-secret
app.keys = ['0123456789abcdefghijklmnopqrstuv'];

app.use(
  session(
    {
      // ok: hardcoded-secret
      secret: '01234567890123456789012345678901',
      // ok: hardcoded-secret
      password: '12345678',
    },
    app,
  ),
);

app.use(
  grantLogin({
    defaults: { origin: 'http://localhost:3000', transport: 'session' },
    // ok: hardcoded-secret
    github: { key: 'abcdefghij', secret: 'abcdefghijklmnop1234' },
    // expect: hardcoded-secret
    gitlab: { key: 'web-login', secret: 'q7Vd0KmZ2xR9tLw4Hc1N' },
  }),
);

module.exports = app;
