// Server-rendered admin dashboard of the keys API. Pages are rendered with
// React and hydrated from a JSON blob embedded in the HTML.
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { renderToString } from 'react-dom/server';
import { Dashboard } from './ui/Dashboard';
import { KeyTable } from './ui/KeyTable';
import { keyStore } from './key-store';

type AdminState = { user?: { email: string; roles: string[] } };

const router = new Router<AdminState>({ prefix: '/admin' });

function shell(html: string, title: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><div id="root">${html}</div></body></html>`;
}

router.get('/', async (ctx: RouterContext<AdminState>) => {
  const summary = await keyStore.summary();
  const html = renderToString(<Dashboard summary={summary} userAgent={ctx.get('user-agent')} />);
  ctx.type = 'html';
  // ok: debug-echo-route
  ctx.body = shell(html, 'Keys');
});

// The hydration blob carries the request headers into the page.
router.get('/debug', async (ctx: RouterContext<AdminState>) => {
  const state = { user: ctx.state.user, headers: ctx.headers };
  const html = renderToString(<Dashboard summary={null} userAgent={ctx.get('user-agent')} />);
  ctx.type = 'html';
  // expect: debug-echo-route
  ctx.body = `<!doctype html><div id="root">${html}</div><script>window.__STATE__ = ${JSON.stringify(state)};</script>`;
});

router.get('/session.json', (ctx: RouterContext<AdminState>) => {
  // expect: debug-echo-route
  ctx.body = { user: ctx.state.user, session: ctx.cookies.get('admin.sid'), csrf: ctx.get('X-CSRF-Token') };
});

router.get('/env.json', (ctx: RouterContext<AdminState>) => {
  // expect: debug-echo-route
  ctx.body = { env: process.env as Record<string, string | undefined> };
});

router.get('/keys', async (ctx: RouterContext<AdminState>) => {
  const rows = await keyStore.list(ctx.query.partner as string);
  const html = renderToString(<KeyTable rows={rows} />);
  ctx.type = 'html';
  // ok: debug-echo-route
  ctx.body = shell(html, 'API keys');
});

router.get('/status.json', (ctx: RouterContext<AdminState>) => {
  // ok: debug-echo-route
  ctx.body = { status: 'ok', uptime: process.uptime(), env: process.env.NODE_ENV };
});

router.get('/me.json', (ctx: RouterContext<AdminState>) => {
  // ok: debug-echo-route
  ctx.body = { user: ctx.state.user, ua: ctx.get('user-agent') };
});

router.get('/forbidden', (ctx: RouterContext<AdminState>) => {
  // ok: debug-echo-route
  ctx.status = 403;
  ctx.type = 'html';
  // ok: debug-echo-route
  ctx.body = shell(renderToString(<p>Ask an owner for the admin role.</p>), 'Forbidden');
});

export default router;
