// mTLS rollout for the keys API (ticket SEC-412). Partners were moved to
// client certificates region by region, behind switches that were meant to be
// temporary. Every switch below can turn client certificates off in
// production, which silently leaves the API key as the only credential. The
// gate middleware checks `authorized` on every request, so the listeners that
// do request a certificate are fine as far as verification goes.
import fs from 'node:fs';
import https from 'node:https';
import http2 from 'node:http2';
import tls from 'node:tls';
import Koa from 'koa';

import { config } from './config.mjs';
import { flags } from './flags.mjs';

const app = new Koa();
const dir = process.env.TLS_DIR ?? '/etc/keys-api/tls';
const pem = (name) => fs.readFileSync(`${dir}/${name}`);

const isDev = process.env.NODE_ENV === 'development';
const isProduction = process.env.NODE_ENV === 'production';

// Gate: answer 401 to any client whose certificate did not verify.
app.use(async (ctx, next) => {
  if (!ctx.req.client.authorized) {
    ctx.status = 401;
    ctx.body = { error: 'client certificate required' };
    return;
  }
  await next();
});

// Behind the gate, the subject is a verified partner.
app.use(async (ctx, next) => {
  // ok: mtls-client-unverified -- the gate above checked authorized
  ctx.state.partner = ctx.socket.getPeerCertificate().subject.CN;
  await next();
});

// eu-west: switched off with an environment variable.
https
  .createServer(
    {
      key: pem('eu-west.key'),
      cert: pem('eu-west.crt'),
      ca: pem('partners-ca.crt'),
      // expect: mtls-client-unverified
      requestCert: process.env.MTLS !== 'off',
      rejectUnauthorized: false,
    },
    app.callback(),
  )
  .listen(8443);

// us-east: off for developers, which is every host where NODE_ENV is unset.
const usEastOptions = {
  key: pem('us-east.key'),
  cert: pem('us-east.crt'),
  ca: pem('partners-ca.crt'),
  // expect: mtls-client-unverified
  requestCert: !isDev,
};
https.createServer(usEastOptions, app.callback()).listen(8444);

// ap-south: the setting falls back to "off" when it is missing.
const apSouthOptions = {
  key: pem('ap-south.key'),
  cert: pem('ap-south.crt'),
  ca: pem('partners-ca.crt'),
};
// expect: mtls-client-unverified
apSouthOptions.requestCert = config.mtls ?? false;
https.createServer(apSouthOptions, app.callback()).listen(8445);

// Mobile gateway over HTTP/2: a command-line switch.
http2
  .createSecureServer(
    {
      key: pem('h2.key'),
      cert: pem('h2.crt'),
      ca: pem('mobile-ca.crt'),
      allowHTTP1: true,
      // expect: mtls-client-unverified
      requestCert: process.argv.includes('--mtls'),
    },
    app.callback(),
  )
  .listen(10443);

// Batch listener: a ternary on a mode flag.
https
  .createServer(
    {
      key: pem('batch.key'),
      cert: pem('batch.crt'),
      ca: pem('partners-ca.crt'),
      // expect: mtls-client-unverified
      requestCert: isProduction ? true : false,
    },
    app.callback(),
  )
  .listen(8446);

// HSM bridge: a feature flag with an `||` fallback, held in a binding first.
const hsmRequestCert = flags.hsmClientCerts || false;
tls
  .createServer(
    {
      key: pem('hsm.key'),
      cert: pem('hsm.crt'),
      ca: pem('hsm-ca.crt'),
      // expect: mtls-client-unverified
      requestCert: hsmRequestCert,
    },
    (socket) => socket.end(),
  )
  .listen(7443);

// Look-alikes: rolled out for good.

// Done: the documented pattern, with the gate above doing the 401.
https
  .createServer(
    {
      key: pem('sa-east.key'),
      cert: pem('sa-east.crt'),
      ca: pem('partners-ca.crt'),
      requestCert: true,
      // ok: mtls-client-unverified -- this file checks authorized in a gate middleware
      rejectUnauthorized: false,
    },
    app.callback(),
  )
  .listen(8447);

// Done: handshake-level verification.
const MTLS_ENABLED = true;
https
  .createServer(
    {
      key: pem('af-south.key'),
      cert: pem('af-south.crt'),
      ca: pem('partners-ca.crt'),
      // ok: mtls-client-unverified -- a constant that is always true
      requestCert: MTLS_ENABLED,
    },
    app.callback(),
  )
  .listen(8448);

// A missing setting means "on".
https
  .createServer(
    {
      key: pem('me-central.key'),
      cert: pem('me-central.crt'),
      ca: pem('partners-ca.crt'),
      // ok: mtls-client-unverified -- falls back to true
      requestCert: config.mtls ?? true,
    },
    app.callback(),
  )
  .listen(8449);

// ok: mtls-client-unverified -- a log message that mentions the switch
console.info('mTLS rollout: set MTLS=off to disable requestCert (deprecated)');

// The switch is only read to refuse to start.
// ok: mtls-client-unverified -- reading the variable, not configuring a listener
if (process.env.MTLS === 'off') {
  throw new Error('MTLS=off is no longer supported');
}

export { app };
