'use strict';

// Webhook receiver for partner callbacks. The listener uses the documented
// pattern (`requestCert: true, rejectUnauthorized: false`) and the file does
// read `authorized` -- but only in a `secureConnection` listener that counts
// unverified handshakes for a dashboard. No Koa middleware rejects them, so
// the handlers below still take their identity from certificates nobody
// verified.

const fs = require('node:fs');
const https = require('node:https');
const Koa = require('koa');
const Router = require('@koa/router');

const callbacks = require('./callbacks');
const metrics = require('./metrics');

const app = new Koa();
const router = new Router();

router.post('/callbacks/:partner', async (ctx) => {
  const cert = ctx.socket.getPeerCertificate();
  // expect: mtls-client-unverified
  if (cert.subject.CN !== ctx.params.partner) ctx.throw(403);
  await callbacks.accept(ctx.params.partner, ctx.request.body);
  ctx.status = 202;
});

// The check comes after the read: the identity was already taken.
router.get('/callbacks/:partner/status', async (ctx) => {
  // expect: mtls-client-unverified
  const caller = ctx.req.socket.getPeerCertificate().subject.CN;
  if (!ctx.req.socket.authorized) ctx.throw(401);
  ctx.body = await callbacks.statusFor(caller);
});

app.use(async (ctx, next) => {
  // expect: mtls-client-unverified
  ctx.state.partnerPin = ctx.req.client.getPeerCertificate().fingerprint256;
  await next();
});
app.use(router.routes());

const server = https.createServer(
  {
    key: fs.readFileSync('/etc/callbacks/tls/server.key'),
    cert: fs.readFileSync('/etc/callbacks/tls/server.crt'),
    ca: fs.readFileSync('/etc/callbacks/tls/partners-ca.crt'),
    requestCert: true,
    // ok: mtls-client-unverified -- the file reads authorized (documented pattern); the handlers are reported instead
    rejectUnauthorized: false,
  },
  app.callback(),
);

// Not a Koa middleware: counts, never rejects.
server.on('secureConnection', (socket) => {
  // ok: mtls-client-unverified -- a read of authorized for a metric
  metrics.increment(socket.authorized ? 'tls_client_verified' : 'tls_client_unverified');
});

server.listen(8443);

module.exports = { app, server };
