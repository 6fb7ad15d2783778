// Edge gateway: a Koa app that forwards /billing, /ledger, /reports, /search
// and /legacy to internal services over HTTPS. For the proxy modules,
// `secure: false` means "do not verify the upstream certificate".
import https from 'node:https';
import Koa from 'koa';
import mount from 'koa-mount';
import session from 'koa-session';
import proxy from 'koa-proxies';
import httpProxy from 'http-proxy';
import { createProxyMiddleware } from 'http-proxy-middleware';
import c2k from 'koa2-connect';
import betterProxy from 'koa-better-http-proxy';
import nodemailer from 'nodemailer';
import { forward } from './lib/forward.js';

const app = new Koa();
app.keys = [process.env.SESSION_SIGNING_KEY];

const BILLING_URL = process.env.BILLING_URL ?? 'https://billing.internal:8443';
const LEDGER_URL = process.env.LEDGER_URL ?? 'https://ledger.internal:8443';
const REPORTS_URL = process.env.REPORTS_URL ?? 'https://reports.internal:8443';
const SEARCH_URL = process.env.SEARCH_URL ?? 'https://search.internal:9200';
const DOCS_URL = process.env.DOCS_URL ?? 'https://docs.internal';
const LEGACY_URL = process.env.LEGACY_URL ?? 'https://legacy.internal';

// koa-proxies, options inline.
app.use(
  proxy('/billing', {
    target: BILLING_URL,
    changeOrigin: true,
    // expect: tls-verification-disabled
    secure: false,
    logs: true,
  }),
);

// koa-proxies, options built first and passed by name.
const ledgerProxyOptions = {
  target: LEDGER_URL,
  changeOrigin: true,
  // expect: tls-verification-disabled
  secure: false,
  rewrite: (path) => path.replace(/^\/ledger/, ''),
};
app.use(proxy('/ledger', ledgerProxyOptions));

// koa-proxies with its own agent.
app.use(
  proxy('/fx', {
    target: 'https://fx.internal:8443',
    changeOrigin: true,
    agent: new https.Agent({
      keepAlive: true,
      // expect: tls-verification-disabled
      rejectUnauthorized: false,
    }),
  }),
);

// http-proxy server shared by the reporting routes.
const reportsProxy = httpProxy.createProxyServer({
  changeOrigin: true,
  // expect: tls-verification-disabled
  secure: false,
});

// A second http-proxy server whose per-request options disable it.
const exportsProxy = httpProxy.createProxyServer();

app.use(async (ctx, next) => {
  if (ctx.path.startsWith('/reports')) {
    ctx.respond = false;
    reportsProxy.web(ctx.req, ctx.res, { target: REPORTS_URL });
    return;
  }
  if (ctx.path.startsWith('/exports')) {
    ctx.respond = false;
    // expect: tls-verification-disabled
    exportsProxy.web(ctx.req, ctx.res, { target: REPORTS_URL, secure: false });
    return;
  }
  await next();
});

// http-proxy-middleware wrapped for Koa.
app.use(
  c2k(
    createProxyMiddleware({
      pathFilter: '/search',
      target: SEARCH_URL,
      changeOrigin: true,
      // expect: tls-verification-disabled
      secure: !1,
    }),
  ),
);

// koa-better-http-proxy: both its own option and a request decorator.
app.use(
  mount(
    '/payouts',
    betterProxy('payouts.internal', {
      https: true,
      // expect: tls-verification-disabled
      secure: false,
      proxyReqOptDecorator(reqOpts) {
        // expect: tls-verification-disabled
        reqOpts.rejectUnauthorized = false;
        return reqOpts;
      },
    }),
  ),
);

// Look-alikes below: none of these turn verification off.

// ok: tls-verification-disabled
app.use(proxy('/docs', { target: DOCS_URL, changeOrigin: true, secure: true }));

const archiveProxy = httpProxy.createProxyServer({
  changeOrigin: true,
  // ok: tls-verification-disabled
  secure: true,
});

// Our own forwarder is not one of the proxy modules.
app.use(
  forward('/legacy', {
    target: LEGACY_URL,
    // ok: tls-verification-disabled
    secure: false,
  }),
);

// The parameter shadows the koa-proxies import.
function proxyWith(proxy, prefix, target) {
  // ok: tls-verification-disabled
  return proxy(prefix, { target, secure: false });
}
app.use(proxyWith(forward, '/old-billing', BILLING_URL));

// Not passed anywhere.
const upstreamDefaults = {
  timeout: 5_000,
  // ok: tls-verification-disabled
  secure: false,
};

// Session cookie over the plain-HTTP health port (behind the TLS terminator).
app.use(
  session(
    {
      key: 'edge.sess',
      httpOnly: true,
      // ok: tls-verification-disabled
      secure: false,
      sameSite: 'lax',
    },
    app,
  ),
);

app.use(async (ctx, next) => {
  await next();
  if (ctx.query.lang) {
    // ok: tls-verification-disabled
    ctx.cookies.set('lang', String(ctx.query.lang), { secure: false, httpOnly: false });
  }
});

const alerts = nodemailer.createTransport({
  host: 'smtp.internal',
  port: 587,
  // ok: tls-verification-disabled
  secure: false,
  requireTLS: true,
});

app.use(
  proxy('/status', {
    target: 'https://status.internal',
    // ok: tls-verification-disabled
    headers: { 'x-forwarded-secure': 'false' },
  }),
);

export { app, archiveProxy, upstreamDefaults, alerts };
