// A cookie-backed session for a partner console. The session object keeps the
// context it was made for, so the model cannot see that `this.ctx` is Koa's:
// the cookie reads below are recognised by the `cookies` API itself. Tracing
// goes through node's own debuglog (enabled with NODE_DEBUG=console-session).
import { debuglog } from 'node:util';
import util from 'util';
import type { Next, ParameterizedContext } from 'koa';

const trace = debuglog('console-session');
const traceStore = util.debuglog('console-session:store');

interface StoredSession {
  partnerId: string;
  expiresAt: number;
}

export class ConsoleSession {
  ctx: any;
  store: Map<string, StoredSession>;
  cookieName: string;

  constructor(ctx: any, store: Map<string, StoredSession>, cookieName = 'console.sid') {
    this.ctx = ctx;
    this.store = store;
    this.cookieName = cookieName;
  }

  load(): StoredSession | undefined {
    const ctx = this.ctx;
    const sid = ctx.cookies.get(this.cookieName, { signed: true });
    // expect: header-logging
    trace('loading session %s', sid);
    if (!sid) {
      // ok: header-logging
      trace('no session cookie on %s %s', ctx.method, ctx.path);
      return undefined;
    }
    const stored = this.store.get(sid);
    if (!stored || stored.expiresAt < Date.now()) {
      // expect: header-logging
      traceStore('expired or unknown session', { sid, path: ctx.path });
      return undefined;
    }
    // ok: header-logging
    trace('session for partner %s (cookie of %d characters)', stored.partnerId, sid.length);
    return stored;
  }

  refresh(): void {
    // expect: header-logging
    trace(`refreshing ${this.ctx.cookies.get('console.sid')}`);
    // ok: header-logging
    trace('refreshing session for %s', this.ctx.state.partnerId);
  }
}

// A local `cookies` map is whatever the file put in it, not the request's cookies.
const preferences = { cookies: new Map<string, string>([['theme', 'dark']]) };
// ok: header-logging
trace('default theme %s', preferences.cookies.get('theme'));

export async function consoleSession(ctx: ParameterizedContext, next: Next): Promise<void> {
  const session = new ConsoleSession(ctx, new Map());
  ctx.state.session = session.load();
  // ok: header-logging
  traceStore('session loaded: %s', Boolean(ctx.state.session));
  await next();
}
