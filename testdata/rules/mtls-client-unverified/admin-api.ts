// Admin API of the key service. Admins authenticate with a client certificate
// issued by the security team, then with an admin API key. The listener below
// was switched to `rejectUnauthorized: false` during an incident "to let the
// on-call laptop in" and the change was never reverted; there is no check of
// `authorized` anywhere in this file.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { ServerOptions } from 'node:https';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import Router from '@koa/router';
import { adminKeys } from './admin-keys.js';
import { audit } from './audit.js';

const app = new Koa();
const router = new Router({ prefix: '/admin' });

// The service's own certificate, read from disk once.
const cert = new X509Certificate(fs.readFileSync('/etc/admin-api/tls/server.crt'));

// Default export: the admin's name, taken from the certificate.
export default async function adminIdentity(ctx: Context, next: Next): Promise<void> {
  // A local `cert` that shadows the module-level one: this one is the peer's.
  const cert = (ctx.request.socket as TLSSocket).getPeerCertificate();
  // expect: mtls-client-unverified
  ctx.state.admin = cert.subject.CN;
  await next();
}

// The module-level `cert` is the server's own certificate.
router.get('/tls', (ctx) => {
  // ok: mtls-client-unverified -- the module-level X509Certificate, not the peer
  ctx.body = { subject: cert.subject, fingerprint: cert.fingerprint256, validTo: cert.validTo };
});

// Chain check: a callback parameter `cert` shadows the peer certificate.
router.get('/chain', async (ctx: Context) => {
  const cert: PeerCertificate = (ctx.socket as TLSSocket).getPeerCertificate();
  const trusted = await audit.trustedIssuers();
  // ok: mtls-client-unverified -- `cert` here is the callback parameter
  const issuers = trusted.map((cert: { issuer: string }) => cert.issuer);
  // expect: mtls-client-unverified
  ctx.body = { issuer: cert.issuer.CN, trusted: issuers };
});

// Several handlers on one route: the second one reads the certificate.
const requireAdminKey: Middleware = async (ctx, next) => {
  await adminKeys.verify(ctx.get('x-admin-key'));
  await next();
};
router.post('/keys/:id/revoke', requireAdminKey, async (ctx) => {
  const socket = ctx.req.socket as TLSSocket;
  const revokedBy = socket.getPeerCertificate();
  await adminKeys.revoke(ctx.params.id, {
    // expect: mtls-client-unverified
    by: revokedBy.subjectaltname,
  });
  ctx.status = 204;
});

// A nested arrow inside a handler: still the handler's certificate read.
router.get('/sessions', async (ctx) => {
  const sessions = await audit.sessions();
  ctx.body = sessions.filter(
    // expect: mtls-client-unverified
    (s) => s.fingerprint === (ctx.socket as TLSSocket).getPeerCertificate().fingerprint,
  );
});

// Identity read into an options object that is built before use.
router.post('/keys', async (ctx) => {
  const peerCert = (ctx.req.socket as TLSSocket).getPeerCertificate();
  const issuedTo = {
    // expect: mtls-client-unverified
    owner: peerCert.subject,
    label: (ctx.request.body as { label?: string }).label ?? 'admin',
  };
  ctx.status = 201;
  ctx.body = await adminKeys.issue(issuedTo);
});

app.use(adminIdentity);
app.use(router.routes());

// Listener options built first, typed, then passed by name.
const adminServerOptions: ServerOptions = {
  key: fs.readFileSync('/etc/admin-api/tls/server.key'),
  cert: fs.readFileSync('/etc/admin-api/tls/server.crt'),
  ca: fs.readFileSync('/etc/admin-api/tls/security-ca.crt'),
  requestCert: true,
  // expect: mtls-client-unverified
  rejectUnauthorized: false as boolean,
};
https.createServer(adminServerOptions, app.callback()).listen(9443);

// Break-glass listener: verification decided by an environment variable at startup.
const breakGlassOptions: ServerOptions = {
  key: fs.readFileSync('/etc/admin-api/tls/break-glass.key'),
  cert: fs.readFileSync('/etc/admin-api/tls/break-glass.crt'),
  requestCert: true,
};
// expect: mtls-client-unverified
breakGlassOptions.rejectUnauthorized = process.env.BREAK_GLASS_VERIFY !== 'false';
https.createServer(breakGlassOptions, app.callback()).listen(9444);

// ok: mtls-client-unverified -- an interface member, not an option
interface ListenerFlags { rejectUnauthorized: false; requestCert: boolean }
export type { ListenerFlags };
