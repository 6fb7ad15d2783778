'use strict';

// Every listener of the keys API: HTTPS for partners, HTTP/2 for the mobile
// gateway, raw TLS for the HSM bridge and the metrics collector. Nothing in
// this file reads `authorized`, so a listener that requests a client
// certificate without rejecting unauthorized ones lets any certificate in.

const fs = require('node:fs');
const path = require('node:path');
const https = require('node:https');
const http2 = require('node:http2');
const tls = require('node:tls');

const { app, adminApp } = require('./app');
const config = require('./config');

const TLS_DIR = process.env.TLS_DIR || '/etc/keys-api/tls';
const pem = (name) => fs.readFileSync(path.join(TLS_DIR, name));

// 1. Inline options.
https
  .createServer(
    {
      key: pem('partners.key'),
      cert: pem('partners.crt'),
      ca: pem('partners-ca.crt'),
      requestCert: true,
      // expect: mtls-client-unverified
      rejectUnauthorized: false,
    },
    app.callback(),
  )
  .listen(8443);

// 2. Options built first and passed by name; any falsy value is "off".
const adminOptions = {
  key: pem('admin.key'),
  cert: pem('admin.crt'),
  ca: pem('admins-ca.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: 0,
};
https.createServer(adminOptions, adminApp.callback()).listen(9443);

// 3. A shared base that is spread into two listeners.
const insecureMtlsBase = {
  ca: pem('partners-ca.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: false,
};
https.createServer({ ...insecureMtlsBase, key: pem('batch.key'), cert: pem('batch.crt') }, app.callback()).listen(8444);

// 4. A verified base, then an override after the spread.
const verifiedMtlsBase = {
  ca: pem('partners-ca.crt'),
  requestCert: true,
  // ok: mtls-client-unverified -- verification on in the base
  rejectUnauthorized: true,
};
const exportOptions = {
  ...verifiedMtlsBase,
  key: pem('export.key'),
  cert: pem('export.crt'),
  // expect: mtls-client-unverified
  rejectUnauthorized: false,
};
https.createServer(exportOptions, app.callback()).listen(8445);

// 5. A member write after the options are built.
const hsmOptions = {
  key: pem('hsm-bridge.key'),
  cert: pem('hsm-bridge.crt'),
  ca: pem('hsm-ca.crt'),
  requestCert: true,
};
if (config.hsm.allowSelfSigned) {
  // expect: mtls-client-unverified
  hsmOptions.rejectUnauthorized = false;
}
tls.createServer(hsmOptions, (socket) => socket.pipe(socket)).listen(7443);

// 6. HTTP/2, verification only in production.
http2
  .createSecureServer(
    {
      key: pem('h2.key'),
      cert: pem('h2.crt'),
      allowHTTP1: true,
      requestCert: true,
      // expect: mtls-client-unverified
      rejectUnauthorized: process.env.NODE_ENV === 'production',
    },
    app.callback(),
  )
  .listen(10443);

// 7. Metrics: verification behind an opt-out variable.
const metricsServer = tls.createServer(
  {
    key: pem('metrics.key'),
    cert: pem('metrics.crt'),
    requestCert: true,
    // expect: mtls-client-unverified
    rejectUnauthorized: !process.argv.includes('--no-client-verify'),
  },
  (socket) => socket.end('up 1\n'),
);
metricsServer.listen(9100);

// Look-alikes: these listeners verify their clients, or do not ask for one.

// Verification on, literally.
https
  .createServer(
    {
      key: pem('operators.key'),
      cert: pem('operators.crt'),
      ca: pem('operators-ca.crt'),
      requestCert: true,
      // ok: mtls-client-unverified -- rejects unauthorized clients
      rejectUnauthorized: true,
    },
    app.callback(),
  )
  .listen(8446);

// `rejectUnauthorized` omitted: Node's default is true.
const supportOptions = {
  key: pem('support.key'),
  cert: pem('support.crt'),
  ca: pem('support-ca.crt'),
  // ok: mtls-client-unverified -- default rejectUnauthorized is true
  requestCert: true,
};
https.createServer(supportOptions, app.callback()).listen(8447);

// A constant that is always true.
const REQUIRE_CLIENT_CERT = true;
http2
  .createSecureServer(
    {
      key: pem('h2-internal.key'),
      cert: pem('h2-internal.crt'),
      ca: pem('internal-ca.crt'),
      // ok: mtls-client-unverified -- a true constant, not a flag
      requestCert: REQUIRE_CLIENT_CERT,
    },
    app.callback(),
  )
  .listen(10444);

// Public listener: no client certificates at all.
https
  .createServer(
    {
      key: pem('public.key'),
      cert: pem('public.crt'),
      // ok: mtls-client-unverified -- requestCert: false is no mTLS, not a broken one
      requestCert: false,
    },
    app.callback(),
  )
  .listen(443);

// A member write that turns verification on is fine.
const reportsOptions = { key: pem('reports.key'), cert: pem('reports.crt'), requestCert: true };
// ok: mtls-client-unverified -- sets it to true
reportsOptions.rejectUnauthorized = true;
https.createServer(reportsOptions, app.callback()).listen(8448);

// The outbound client to the HSM vendor: client-side, tls-verification-disabled's business.
const vendorAgent = new https.Agent({
  cert: pem('vendor-client.crt'),
  key: pem('vendor-client.key'),
  // expect: tls-verification-disabled -- a client, not a listener (not mtls-client-unverified)
  rejectUnauthorized: false,
});

// Reading the option back to warn about it.
// ok: mtls-client-unverified -- a read, not a setting
if (adminOptions.rejectUnauthorized === false) {
  console.warn('admin listener does not reject unauthorized clients');
}

module.exports = { metricsServer, vendorAgent };
