'use strict';

// Partner gateway: partners call the keys API with a client certificate and an
// API key. The certificate is supposed to say which partner is calling; the key
// is then only looked up for that partner. The listener at the bottom asks for
// a certificate but never rejects one, and nothing in this file checks
// `authorized`, so every identity read from the peer certificate below is
// whatever the caller put in a self-signed certificate.

const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const { X509Certificate } = require('crypto');
const Koa = require('koa');
const Router = require('@koa/router');

const keyStore = require('./key-store');
const logger = require('./logger');
const metrics = require('./metrics');

const app = new Koa();
const router = new Router({ prefix: '/partners' });

const PARTNER_CA = new X509Certificate(fs.readFileSync('/etc/keys-api/tls/partners-ca.pem'));

// Plain helper for log lines, not a handler (documented limitation).
function describePeer(socket) {
  const peer = socket.getPeerCertificate();
  // ok: mtls-client-unverified -- plain helper, not a Koa handler
  return peer && peer.subject ? peer.subject.CN : 'anonymous';
}

// Who is calling: the common name of the presented certificate.
app.use(async (ctx, next) => {
  // expect: mtls-client-unverified
  ctx.state.partnerId = ctx.socket.getPeerCertificate().subject.CN;
  await next();
});

// Request log.
app.use(async (ctx, next) => {
  const started = Date.now();
  await next();
  logger.info('%s %s %d from %s', ctx.method, ctx.path, Date.now() - started, describePeer(ctx.socket));
});

// Certificate expiry metrics: no identity is taken from these fields.
app.use(async (ctx, next) => {
  const presented = ctx.req.socket.getPeerCertificate();
  // ok: mtls-client-unverified -- validity dates are not an identity
  metrics.gauge('partner_cert_days_left', (Date.parse(presented.valid_to) - Date.now()) / 864e5);
  // ok: mtls-client-unverified -- an empty object means no certificate; no field is read
  if (Object.keys(presented).length === 0) metrics.increment('partner_no_cert');
  await next();
});

// Key listing: keyed by the certificate fingerprint.
router.get('/keys', async (ctx) => {
  // expect: mtls-client-unverified
  const owner = ctx.req.client.getPeerCertificate().fingerprint256;
  ctx.body = await keyStore.listFor(owner);
});

// Key creation: the socket and the certificate are held in bindings first.
router.post('/keys', async (ctx) => {
  const sock = ctx.req.socket;
  const peer = sock.getPeerCertificate();
  const label = String(ctx.request.body && ctx.request.body.label);
  // expect: mtls-client-unverified
  const serial = peer.serialNumber;
  // ok: mtls-client-unverified -- same certificate, reported once above
  const issuer = peer.issuer.O;
  ctx.status = 201;
  ctx.body = await keyStore.create({ serial, issuer, label });
});

// Key rotation: the whole subject and the SANs are taken from one destructuring.
router.put('/keys/:id', async (ctx) => {
  // expect: mtls-client-unverified
  const { subject, subjectaltname } = ctx.socket.getPeerCertificate();
  ctx.body = await keyStore.rotate(ctx.params.id, { org: subject.O, names: subjectaltname });
});

// Key revocation: identity is a hash of the DER bytes.
router.delete('/keys/:id', async (ctx) => {
  const der = ctx.request.socket.getPeerCertificate(true);
  // expect: mtls-client-unverified
  const pin = crypto.createHash('sha256').update(der.raw).digest('hex');
  await keyStore.revoke(ctx.params.id, pin);
  ctx.status = 204;
});

// Partner CA details for the status page: a PEM read from disk, not a peer.
router.get('/ca', (ctx) => {
  // ok: mtls-client-unverified -- an X509Certificate parsed from a file
  const caSubject = new X509Certificate(fs.readFileSync('/etc/keys-api/tls/partners-ca.pem')).subject;
  // ok: mtls-client-unverified -- module-level CA certificate, not a peer certificate
  ctx.body = { subject: caSubject, fingerprint: PARTNER_CA.fingerprint256, expires: PARTNER_CA.validTo };
});

// Pinned partners: a callback parameter named `cert` from the database.
router.get('/pins', async (ctx) => {
  const certs = await keyStore.pinnedCertificates();
  // ok: mtls-client-unverified -- rows from the key store, not getPeerCertificate()
  ctx.body = certs.map((cert) => ({ fingerprint: cert.fingerprint256, subject: cert.subject }));
});

// The identity stored by the first middleware is read again: no new certificate read.
router.get('/whoami', (ctx) => {
  // ok: mtls-client-unverified -- state, not a certificate
  ctx.body = { partner: ctx.state.partnerId };
});

app.use(router.routes()).use(router.allowedMethods());

// Exported middleware used by the reporting service.
async function partnerScope(ctx, next) {
  const cert = ctx.socket.getPeerCertificate();
  // expect: mtls-client-unverified
  ctx.state.scope = cert.subject.OU === 'reporting' ? 'read' : 'none';
  await next();
}

// Factory: only some partners may call the bulk endpoints.
function allowPartners(allowed) {
  return async (ctx, next) => {
    const cert = ctx.req.socket.getPeerCertificate();
    // expect: mtls-client-unverified
    if (!allowed.includes(cert.subject.CN)) {
      ctx.throw(403, 'partner not allowed');
    }
    await next();
  };
}

// ok: mtls-client-unverified -- a string, not code
const RUNBOOK = 'identity comes from ctx.socket.getPeerCertificate().subject.CN';

const serverOptions = {
  key: fs.readFileSync('/etc/keys-api/tls/gateway.key'),
  cert: fs.readFileSync('/etc/keys-api/tls/gateway.crt'),
  ca: fs.readFileSync('/etc/keys-api/tls/partners-ca.pem'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: false,
};

if (require.main === module) {
  https.createServer(serverOptions, app.callback()).listen(8443);
}

module.exports = { app, partnerScope, allowPartners, RUNBOOK };
