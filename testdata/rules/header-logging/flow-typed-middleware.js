/* @flow */
// Audit middleware of a Flow-typed Koa service (Babel's preset-flow strips the annotations).
import type { Context } from 'koa';
import logger from './logger';

type AuditOptions = {| verbose: boolean, tag: ?string |};

export function audit(opts: AuditOptions): (ctx: Context, next: () => Promise<void>) => Promise<void> {
  return async (ctx: Context, next) => {
    const started: number = Date.now();
    await next();
    if (opts.verbose) {
      // expect: header-logging
      console.log('audit', ctx.method, ctx.path, ctx.headers);
    }
    // ok: header-logging
    console.log('audit', ctx.method, ctx.path, ctx.status, Date.now() - started);
  };
}

// Legacy decorators before `export` (Babel's decorators-legacy) parse too.
@withTracing('billing')
export default class BillingController {
  async show(ctx: Context) {
    // expect: header-logging
    logger.info({ headers: ctx.request.headers }, 'billing request');
    ctx.body = await this.invoices(ctx.params.id);
  }
}
