// A session helper that keeps the session id it read from the cookie on the instance and logs
// it from other methods; the counters it keeps are not credentials.
import { debuglog } from 'node:util';
import type { Context } from 'koa';

const trace = debuglog('shop:session');

export class SessionHandle {
  private sid: string | undefined;
  private loads = 0;

  constructor(private readonly ctx: Context) {}

  load(): void {
    this.sid = this.ctx.cookies.get('shop.sid');
    this.loads += 1;
  }

  persist(data: Record<string, unknown>): void {
    // expect: header-logging
    trace('persisting session %s', this.sid);
    // ok: header-logging -- a counter kept on the instance
    trace('loads so far: %d', this.loads);
    // ok: header-logging -- the data's keys, not the id
    trace('fields: %s', Object.keys(data).join(','));
  }
}
