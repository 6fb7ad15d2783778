'use strict';

// koa-config-dump: an in-house middleware factory that answers "which
// configuration is this pod running with?" under a configurable prefix.
// app.use(require('./config-dump.cjs')({ prefix: '/_config' }))
const util = require('node:util');
const { version } = require('./version.cjs');

const PUBLIC_VARS = ['NODE_ENV', 'AWS_REGION', 'LOG_LEVEL', 'RELEASE_CHANNEL'];

module.exports = (options = {}) => async (ctx, next) => {
  const prefix = options.prefix || '/_config';
  if (!ctx.path.startsWith(prefix)) {
    await next();
    return;
  }

  const section = ctx.path.slice(prefix.length);

  if (section === '/env') {
    // expect: debug-echo-route
    ctx.body = process.env;
    return;
  }

  if (section === '/env/copy') {
    // expect: debug-echo-route
    ctx.body = { ...process.env };
    return;
  }

  if (section === '/env/text') {
    ctx.type = 'text/plain';
    // expect: debug-echo-route
    ctx.body = JSON.stringify(process.env, null, 2);
    return;
  }

  if (section === '/env/inspect') {
    ctx.type = 'text/plain';
    // expect: debug-echo-route
    ctx.body = util.inspect(process.env);
    return;
  }

  if (section === '/runtime') {
    // expect: debug-echo-route
    ctx.body = { runtime: { version, node: process.version, env: process.env } };
    return;
  }

  if (section === '/secrets') {
    const stripe = process.env.STRIPE_SECRET_KEY;
    // expect: debug-echo-route
    ctx.body = { stripe, jwt: process.env.JWT_SIGNING_SECRET };
    return;
  }

  if (section === '/db') {
    // expect: debug-echo-route
    ctx.body = { host: process.env.PGHOST, user: process.env.PGUSER, password: process.env.DB_PASSWORD };
    return;
  }

  if (section === '/upstream') {
    // expect: debug-echo-route
    ctx.set('x-config-credentials', process.env.SERVICE_CREDENTIALS);
    ctx.status = 204;
    return;
  }

  if (section === '/public') {
    // ok: debug-echo-route
    ctx.body = Object.fromEntries(PUBLIC_VARS.map((name) => [name, process.env[name]]));
    return;
  }

  if (section === '/release') {
    // ok: debug-echo-route
    ctx.body = {
      version,
      env: process.env.NODE_ENV,
      region: process.env.AWS_REGION,
      jwks: process.env.JWT_PUBLIC_KEY,
    };
    return;
  }

  if (section === '/process') {
    // ok: debug-echo-route
    ctx.body = { pid: process.pid, memory: process.memoryUsage(), uptime: process.uptime() };
    return;
  }

  if (section === '/has-secrets') {
    // ok: debug-echo-route
    ctx.body = {
      stripe: 'STRIPE_SECRET_KEY' in process.env,
      jwt: 'JWT_SIGNING_SECRET' in process.env,
    };
    return;
  }

  // ok: debug-echo-route
  ctx.status = 404;
  // ok: debug-echo-route
  ctx.body = { error: `unknown section ${section}`, sections: ['/public', '/release', '/process'] };
};
