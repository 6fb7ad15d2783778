'use strict';

const Router = require('@koa/router');

const router = new Router({ prefix: '/debug' });

// Handy when a partner's load balancer rewrites something.
router.get('/request', (ctx) => {
  ctx.body = {
    method: ctx.method,
    url: ctx.url,
    ip: ctx.ip,
    headers: ctx.headers,
  };
});

// Which configuration did this pod start with?
router.get('/env', (ctx) => {
  ctx.body = { env: process.env };
});

module.exports = router;
