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

module.exports = router;
