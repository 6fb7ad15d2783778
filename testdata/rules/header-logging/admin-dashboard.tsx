// Operator dashboard of the keys API, rendered on the server with React.
// Operators sign in with a client certificate and an admin session cookie;
// state-changing forms carry a CSRF token header.
import type { TLSSocket } from 'node:tls';
import type { ReactNode } from 'react';
import Koa from 'koa';
import Router, { type RouterContext } from 'koa-router';
import pinoLogger from 'koa-pino-logger';
import pino from 'pino';
import { renderToString } from 'react-dom/server';
import { store } from './store.js';

type Row = { label: string; value: string };

const logger = pino({ name: 'admin-dashboard' });
export const dashboard = new Koa();
const router = new Router();

// Access log with the library defaults: every request header, session cookie included.
// expect: header-logging
dashboard.use(pinoLogger());

function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <title>{title}</title>
      </head>
      <body>{children}</body>
    </html>
  );
}

function InfoTable({ rows }: { rows: Row[] }) {
  return (
    <table className="info">
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th>{row.label}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Used by the component stories with a fake request; never a Koa context.
export function requestRows(ctx: { method: string; path: string; headers: Record<string, string> }): Row[] {
  // ok: header-logging
  console.debug('building rows for', ctx.headers);
  return [
    { label: 'Method', value: ctx.method },
    { label: 'Path', value: ctx.path },
  ];
}

router.get('/admin', async (ctx: RouterContext) => {
  const cert = (ctx.req.socket as TLSSocket).getPeerCertificate();
  const sessionId = ctx.cookies.get('admin_session');
  // expect: header-logging, mtls-client-unverified -- the operator identity comes from a certificate nobody checked
  logger.debug({ operator: cert.subject?.CN, sessionId }, 'dashboard opened');
  // ok: header-logging
  logger.info({ operator: cert.subject?.CN, fingerprint: cert.fingerprint256 }, 'dashboard opened');
  const rows: Row[] = [
    { label: 'Operator', value: cert.subject?.CN ?? 'unknown' },
    { label: 'Certificate', value: cert.fingerprint256 },
    { label: 'Browser', value: ctx.get('user-agent') },
  ];
  ctx.type = 'html';
  ctx.body = renderToString(
    <Page title="Keys console">
      <InfoTable rows={rows} />
    </Page>,
  );
});

router.post('/admin/keys/:id/revoke', async (ctx: RouterContext) => {
  const csrf = ctx.headers['x-csrf-token'];
  if (!(await store.checkCsrf(ctx.cookies.get('admin_session'), csrf))) {
    // expect: header-logging
    logger.warn(`csrf check failed revoking ${ctx.params.id}: got ${csrf}`);
    // ok: header-logging
    logger.warn({ id: ctx.params.id, ip: ctx.ip, gateway: ctx.get('x-forwarded-client-cert') }, 'csrf check failed');
    ctx.throw(403);
  }
  await store.revoke(ctx.params.id);
  // ok: header-logging
  logger.info({ id: ctx.params.id, operator: ctx.state.operator }, 'key revoked');
  ctx.redirect('/admin');
});

router.get('/admin/request', (ctx: RouterContext) => {
  // expect: header-logging
  logger.debug(ctx.request.headers as Record<string, string>, 'request as seen by the dashboard');
  const rows: Row[] = [
    { label: 'Method', value: ctx.method },
    { label: 'Path', value: ctx.path },
    { label: 'Accept', value: ctx.get('accept') },
  ];
  // ok: header-logging
  logger.debug({ rows }, 'request as seen by the dashboard');
  ctx.type = 'html';
  ctx.body = renderToString(
    <Page title="Request">
      <InfoTable rows={rows} />
    </Page>,
  );
});

// Health routes are mounted on whichever router the caller passes in.
export function mountHealth(router: Router) {
  router.get('/admin/health', (ctx) => {
    // expect: header-logging
    logger.trace({ headers: ctx.header }, 'health probe');
    ctx.body = 'ok';
  });
}

dashboard.use(router.routes());
dashboard.use(router.allowedMethods());
