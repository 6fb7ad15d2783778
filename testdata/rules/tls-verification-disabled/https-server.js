'use strict';

// Public and partner entry points of the payments API: HTTPS, HTTP/2 and a
// raw TLS listener for metrics. Client certificates are requested, but no code
// in this file ever reads `.authorized`, so a listener that does not reject
// unauthorized peers lets in any client.

const fs = require('fs');
const path = require('path');
const https = require('https');
const http2 = require('http2');
const tls = require('tls');
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');

const config = require('./config');
const logger = require('./logger');

const app = new Koa();
const router = new Router({ prefix: '/v1' });

const isDev = process.env.NODE_ENV !== 'production';
const isProduction = process.env.NODE_ENV === 'production';
const isProd = isProduction;
const TLS_DIR = process.env.TLS_DIR || path.join(__dirname, '..', 'certs');

function readPem(name) {
  return fs.readFileSync(path.join(TLS_DIR, name));
}

router.get('/status', (ctx) => {
  ctx.body = { status: 'up', protocol: ctx.protocol };
});

router.post('/payments', async (ctx) => {
  const { amount, currency } = ctx.request.body;
  ctx.status = 202;
  ctx.body = { accepted: true, amount, currency };
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

// Partner listener: asks for a client certificate, then accepts every peer.
const partnerServerOptions = {
  key: readPem('partner-server.key'),
  cert: readPem('partner-server.crt'),
  ca: [readPem('partners-ca.crt')],
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: false,
};

https.createServer(partnerServerOptions, app.callback()).listen(8443);

// Internal listener: client verification only outside development.
https
  .createServer(
    {
      key: readPem('internal.key'),
      cert: readPem('internal.crt'),
      ca: readPem('internal-ca.crt'),
      requestCert: true,
      // expect: mtls-client-unverified
      rejectUnauthorized: !isDev,
    },
    app.callback(),
  )
  .listen(9443);

// HTTP/2 listener for the mobile gateway.
const h2Server = http2.createSecureServer(
  {
    key: readPem('h2.key'),
    cert: readPem('h2.crt'),
    allowHTTP1: true,
    requestCert: true,
    // expect: mtls-client-unverified
    rejectUnauthorized: isProduction,
  },
  app.callback(),
);
h2Server.listen(10443);

// Raw TLS listener that streams metrics to the collector.
const metricsServer = tls.createServer(
  {
    key: readPem('metrics.key'),
    cert: readPem('metrics.crt'),
    requestCert: true,
    // expect: mtls-client-unverified
    rejectUnauthorized: process.env.METRICS_VERIFY_CLIENTS !== 'false',
  },
  (socket) => {
    socket.end('up 1\n');
  },
);
metricsServer.listen(9100);

// Webhook listener: the value is only settled at deploy time.
const webhookServerOptions = {
  key: readPem('webhooks.key'),
  cert: readPem('webhooks.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized:
    process.env.NODE_ENV === 'production',
};

// Reporting listener: a ternary on a mode flag.
const reportingServerOptions = {
  key: readPem('reporting.key'),
  cert: readPem('reporting.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: isProd ? true : false,
};

// Back-office listener: falls back to "off" when the setting is missing.
const backOfficeServerOptions = {
  key: readPem('backoffice.key'),
  cert: readPem('backoffice.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: config.tls.verifyClients ?? false,
};

// Support listener: same mistake with `||`.
const supportServerOptions = {
  key: readPem('support.key'),
  cert: readPem('support.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: config.tls.verifySupportClients || false,
};

// A command-line switch turns it off.
const cliServerOptions = {
  key: readPem('cli.key'),
  cert: readPem('cli.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: !process.argv.includes('--insecure'),
};

https.createServer(webhookServerOptions, app.callback()).listen(8444);
https.createServer(reportingServerOptions, app.callback()).listen(8445);
https.createServer(backOfficeServerOptions, app.callback()).listen(8446);
https.createServer(supportServerOptions, app.callback()).listen(8447);
https.createServer(cliServerOptions, app.callback()).listen(8448);

// Look-alikes below: none of these turn verification off.

// Operator listener: verification on, literally.
const operatorServerOptions = {
  key: readPem('operator.key'),
  cert: readPem('operator.crt'),
  ca: readPem('operator-ca.crt'),
  requestCert: true,
  // ok: tls-verification-disabled
  rejectUnauthorized: true,
  // ok: tls-verification-disabled
  secureProtocol: 'TLSv1_2_method',
  // ok: tls-verification-disabled
  insecureHTTPParser: false,
};
https.createServer(operatorServerOptions, app.callback()).listen(8449);

// Value taken from the loaded configuration: nothing to prove here.
const configuredServerOptions = {
  key: readPem('configured.key'),
  cert: readPem('configured.crt'),
  requestCert: config.tls.requestCert,
  // ok: tls-verification-disabled
  rejectUnauthorized: config.tls.rejectUnauthorized,
};
https.createServer(configuredServerOptions, app.callback()).listen(8450);

// A secure fallback is not a finding.
const auditServerOptions = {
  key: readPem('audit.key'),
  cert: readPem('audit.crt'),
  requestCert: true,
  // ok: tls-verification-disabled
  rejectUnauthorized: config.tls.verifyAuditClients ?? true,
};
https.createServer(auditServerOptions, app.callback()).listen(8451);

// The caller decides; a parameter is not a known value.
function tenantServerOptions(tenant, verify) {
  return {
    key: readPem(`${tenant}.key`),
    cert: readPem(`${tenant}.crt`),
    requestCert: true,
    // ok: tls-verification-disabled
    rejectUnauthorized: verify,
  };
}
https.createServer(tenantServerOptions('acme', config.tls.verifyTenants), app.callback()).listen(8452);

// Reading the option back to warn about it.
// ok: tls-verification-disabled
if (partnerServerOptions.rejectUnauthorized === false) {
  // ok: tls-verification-disabled
  logger.warn('partner listener started with rejectUnauthorized: false');
}

// ok: tls-verification-disabled
const tlsHandshakeStats = { rejectUnauthorizedCount: 0, handshakes: 0, resumed: 0 };
metricsServer.on('secureConnection', () => {
  tlsHandshakeStats.handshakes += 1;
});

// ok: tls-verification-disabled
// rejectUnauthorized: false  <- never again, see incident 2023-11
const lastHandshakeAt = null;

module.exports = { app, tlsHandshakeStats, lastHandshakeAt };
