import { Ctx, Delete, Get, HeaderParam, JsonController, Param, UnauthorizedError } from 'routing-controllers';
import type { Context } from 'koa';
import { dump, digestEquals, tokensMatch } from '../lib';

@JsonController('/dispatch')
export class DispatchController {
  @Get('/queue')
  async queue(@Ctx() ctx: Context) {
    // expect: header-logging
    dump('dispatch auth', ctx.get('authorization'));
    // ok: header-logging -- the request line only
    dump('dispatch queue', `${ctx.method} ${ctx.path}`);
    return { jobs: [] };
  }

  @Delete('/queue/:id')
  async cancel(@Param('id') id: string, @HeaderParam('x-dispatch-key') dispatchKey: string) {
    // expect: timing-unsafe-compare
    if (!tokensMatch(process.env.DISPATCH_ADMIN_KEY, dispatchKey)) {
      throw new UnauthorizedError('dispatch key required');
    }
    return { cancelled: id };
  }

  @Get('/export')
  async exportAll(@HeaderParam('authorization') authorization: string) {
    // ok: timing-unsafe-compare -- hashed, then timingSafeEqual
    if (!digestEquals(authorization, `Bearer ${process.env.DISPATCH_EXPORT_TOKEN}`)) {
      throw new UnauthorizedError('export token required');
    }
    return { url: '/exports/latest.csv' };
  }
}
