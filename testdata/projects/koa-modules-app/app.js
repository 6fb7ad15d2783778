'use strict';

const Koa = require('koa');
const settings = require('./lib/settings');
const authTrace = require('./lib/trace');
const util = require('./lib/util');
const { inspectRequest, describeRequest } = require('./lib/request-log');

const app = new Koa();
// expect: hardcoded-secret
app.keys = [settings.rotation.current];

// ok: hardcoded-secret -- the previous key comes from the environment
const legacy = new Koa({ keys: [settings.rotation.previous] });

app.use(async (ctx, next) => {
  // expect: header-logging
  authTrace('auth header %s', ctx.get('authorization'));
  // ok: header-logging -- the trace channel given the path only
  authTrace('request %s %s', ctx.method, ctx.path);
  // expect: header-logging
  util.note('incoming', ctx.headers);
  // expect: header-logging
  util.noteJson('incoming', ctx.headers);
  // expect: header-logging
  util.stamp('incoming', ctx.request.headers);
  // ok: header-logging -- the wrapper is given the method name, no credential
  util.note('method', ctx.method);
  // expect: header-logging
  inspectRequest(ctx);
  // ok: header-logging -- the helper logs the method, path and request id of the context
  describeRequest(ctx);
  // ok: header-logging -- count logs only the length of what it is given
  util.count('header names', Object.keys(ctx.headers));
  await next();
});

legacy.use(async (ctx) => {
  ctx.body = 'legacy';
});

app.listen(settings.port);
