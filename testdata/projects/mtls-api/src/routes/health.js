'use strict';

const Router = require('@koa/router');
const db = require('../db');

const router = new Router();

router.get('/healthz', (ctx) => {
  ctx.body = { status: 'ok' };
});

router.get('/readyz', async (ctx) => {
  try {
    await db.ping();
    ctx.body = { status: 'ready' };
  } catch (err) {
    ctx.status = 503;
    ctx.body = { status: 'unavailable', reason: 'database' };
  }
});

module.exports = router;
