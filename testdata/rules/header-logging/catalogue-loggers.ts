// Observability of the payouts API: consola for the CLI-style boot output,
// signale for the payout worker, loglevel in the shared client code, and
// Sentry for errors. Reviewed after the March incident, when a partner's
// bearer token turned up in the error tracker.
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import consola from 'consola';
import signale from 'signale';
import levels from 'loglevel';
import { pino } from 'pino';
import * as Sentry from '@sentry/node';

const app = new Koa();
const router = new Router({ prefix: '/payouts' });

const ledgerTrail = pino({ name: 'payouts' });

class PayoutCache {
  private entries = new Map<string, unknown>();

  data(key: string): unknown {
    return this.entries.get(key);
  }
}

const cache = new PayoutCache();

app.use(async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (err) {
    // expect: header-logging
    Sentry.captureException(err, { extra: { headers: ctx.headers } });
    // ok: header-logging -- the route and status only
    Sentry.captureException(err, { extra: { method: ctx.method, path: ctx.path, status: ctx.status } });
    ctx.status = 500;
  }
});

router.use(async (ctx, next) => {
  // expect: header-logging
  Sentry.setContext('request', { headers: ctx.request.headers });
  // ok: header-logging -- configuration, not a write
  levels.setLevel(ctx.query.debug ? 'debug' : 'warn');
  await next();
});

router.post('/:id/release', async (ctx) => {
  // expect: header-logging
  signale.pending(ctx.get('authorization'));
  // expect: header-logging
  consola.info('release requested', ctx.request.header);
  // ok: header-logging -- a method call on a cache that is not a logger
  const cached = cache.data(ctx.get('authorization'));
  // ok: header-logging -- the method and url
  signale.success(`${ctx.method} ${ctx.url}`);
  ctx.body = { released: ctx.params.id, cached };
});

router.get('/:id', async (ctx) => {
  // expect: header-logging
  levels.debug('payout lookup', ctx.headers['x-api-key']);
  // expect: header-logging
  consola.log(ctx.headers.cookie);
  // expect: header-logging
  ledgerTrail.child({ route: 'lookup' }).warn(ctx.headers);
  // ok: header-logging -- status only
  ledgerTrail.info({ status: ctx.status });
  ctx.body = { id: ctx.params.id };
});

app.use(router.routes());

export default app;
