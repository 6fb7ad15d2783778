// Peer identity for the ledger partners, in TypeScript. Koa types `ctx.socket`
// and `ctx.req.socket` as a plain `net.Socket`, so every read goes through a
// cast to `TLSSocket`. The listener lives in `server.ts` and is started with
// `rejectUnauthorized: false`; this file never checks `authorized`, so a cast
// does not make any of these certificates verified.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import type { Middleware, ParameterizedContext } from 'koa';
import Router from '@koa/router';
import { ledger } from './ledger.js';
import { partners } from './partners.js';

interface PartnerState {
  partnerId?: string;
  tenant?: string;
}

// A type that mentions certificate fields is not a read.
// ok: mtls-client-unverified -- a type, not a certificate
type PinnedPartner = { subject: { CN: string }; fingerprint256: string };

const router = new Router<PartnerState>();

// The common name, through an inline cast.
export const partnerId: Middleware<PartnerState> = async (ctx, next) => {
  // expect: mtls-client-unverified
  ctx.state.partnerId = (ctx.req.socket as TLSSocket).getPeerCertificate().subject.CN;
  await next();
};

// A socket alias with a cast, then a destructured subject.
export async function tenantFromCert(ctx: ParameterizedContext<PartnerState>, next: () => Promise<void>) {
  const sock = ctx.socket as TLSSocket;
  // expect: mtls-client-unverified
  const { subject } = sock.getPeerCertificate();
  ctx.state.tenant = subject.O;
  await next();
}

// Angle-bracket assertion and a typed binding.
router.get('/ledger/balance', async (ctx) => {
  const peer: PeerCertificate = (<TLSSocket>ctx.request.socket).getPeerCertificate();
  // expect: mtls-client-unverified
  const account = await ledger.accountFor(peer.fingerprint256);
  ctx.body = { balance: account.balance };
});

// Double cast and a non-null assertion.
router.post('/ledger/transfers', async (ctx) => {
  const tlsSock = ctx.req.client as unknown as TLSSocket;
  const presented = tlsSock.getPeerCertificate()!;
  // expect: mtls-client-unverified
  const from = presented.serialNumber;
  ctx.status = 202;
  ctx.body = await ledger.transfer(from, ctx.request.body as { to: string; amount: number });
});

// Multi-line destructuring: the validity date comes first, the identity second.
router.get('/ledger/statements', async (ctx) => {
  const {
    valid_to: validTo,
    // expect: mtls-client-unverified
    subjectaltname: altNames,
  } = (ctx.socket as TLSSocket).getPeerCertificate();
  ctx.set('x-cert-valid-to', validTo);
  ctx.body = await ledger.statementsFor(altNames);
});

// A factory with a typed result.
export function requireTenant(tenant: string): Middleware<PartnerState> {
  return async (ctx, next) => {
    const cert = (ctx.req.socket as TLSSocket).getPeerCertificate(true);
    // expect: mtls-client-unverified
    if (cert.issuer.O !== tenant) {
      ctx.throw(403);
    }
    await next();
  };
}

// Plain helper for audit lines: not a handler (documented limitation).
function peerLabel(socket: TLSSocket): string {
  // ok: mtls-client-unverified -- plain helper, not a Koa handler
  return socket.getPeerCertificate().subject?.CN ?? 'unknown';
}

// Certificates parsed from PEM files, and a parameter named `cert`.
const pinned: PinnedPartner[] = partners.pinned();
const ledgerCa = new X509Certificate(fs.readFileSync('/etc/ledger/tls/ca.pem'));

router.get('/ledger/trust', (ctx) => {
  // ok: mtls-client-unverified -- a PEM file, not a peer certificate
  const caSubject: string = ledgerCa.subject;
  // ok: mtls-client-unverified -- callback parameter over the pinned list
  const pins = pinned.map((cert: PinnedPartner) => cert.fingerprint256);
  ctx.body = { ca: caSubject, pins };
});

router.get('/ledger/cert-expiry', (ctx) => {
  const cert = new X509Certificate(fs.readFileSync('/etc/ledger/tls/server.crt'));
  // ok: mtls-client-unverified -- a local `cert` parsed from a file
  ctx.body = { subject: cert.subject, fingerprint: cert.fingerprint256, validTo: cert.validTo };
});

router.get('/ledger/audit', (ctx) => {
  const sock = ctx.socket as TLSSocket;
  // ok: mtls-client-unverified -- protocol and cipher are not identities
  ctx.body = { protocol: sock.getProtocol(), cipher: sock.getCipher().name, peer: peerLabel(sock) };
});

export default router;
