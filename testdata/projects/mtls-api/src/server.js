'use strict';

const fs = require('node:fs');
const path = require('node:path');
const https = require('node:https');
const Koa = require('koa');
const bodyParser = require('koa-bodyparser');

const healthRoutes = require('./routes/health');
const invoiceRoutes = require('./routes/invoices');
const debugRoutes = require('./routes/debug');
const requestLog = require('./middleware/request-log');
const clientIdentity = require('./middleware/client-identity');

const TLS_DIR = process.env.TLS_DIR || path.join(__dirname, '..', 'certs');
const PORT = Number(process.env.PORT || 8443);

function createApp() {
  const app = new Koa();

  app.use(requestLog());
  app.use(clientIdentity());
  app.use(async (ctx, next) => {
    const started = Date.now();
    try {
      await next();
    } catch (err) {
      ctx.status = err.status || 500;
      ctx.body = { error: ctx.status === 500 ? 'internal error' : err.message };
      ctx.app.emit('error', err, ctx);
    }
    ctx.set('x-response-time', `${Date.now() - started}ms`);
  });

  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(healthRoutes.routes());
  app.use(invoiceRoutes.routes()).use(invoiceRoutes.allowedMethods());
  app.use(debugRoutes.routes());

  app.on('error', (err) => {
    console.error('request failed:', err.message);
  });

  return app;
}

// Partners call us with a client certificate issued by our partner CA.
const tlsOptions = {
  key: fs.readFileSync(path.join(TLS_DIR, 'server.key')),
  cert: fs.readFileSync(path.join(TLS_DIR, 'server.crt')),
  ca: fs.readFileSync(path.join(TLS_DIR, 'partners-ca.crt')),
  minVersion: 'TLSv1.2',
  requestCert: true,
  // Developers use self-signed client certs locally; only production checks them.
  rejectUnauthorized: process.env.NODE_ENV === 'production',
};

if (require.main === module) {
  const server = https.createServer(tlsOptions, createApp().callback());
  server.listen(PORT, () => {
    console.log(`mtls-api listening on https://0.0.0.0:${PORT}`);
  });
}

module.exports = { createApp, tlsOptions };
