// Certificate pinning and hostname checks for the upstreams that hold key
// material. `checkServerIdentity` returns an Error to refuse a peer; a
// function that never returns one (and never throws) accepts any certificate
// for any hostname.
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import axios from 'axios';
import Koa from 'koa';
import Router from '@koa/router';
import { logger } from './logger.js';
import { settings } from './settings.js';

const PINNED_FINGERPRINTS: readonly string[] = settings.tls.pins;

interface PinnedClientOptions {
  // ok: tls-verification-disabled
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
  pins: readonly string[];
}

// An empty arrow.
export const vaultAgent = new https.Agent({
  ca: settings.vault.ca,
  // expect: tls-verification-disabled
  checkServerIdentity: () => {},
});

// An arrow returning undefined.
export const hsmAgent = new https.Agent({
  ca: settings.hsm.ca,
  // expect: tls-verification-disabled
  checkServerIdentity: (_host: string, _cert: PeerCertificate) => undefined,
});

// A function expression with a bare return.
export const kmsAgent = new https.Agent({
  ca: settings.kms.ca,
  // expect: tls-verification-disabled
  checkServerIdentity: function (host: string, cert: PeerCertificate): undefined {
    return;
  },
});

// Method shorthand that computes the error and then drops it.
export const signerAgent = new https.Agent({
  ca: settings.signer.ca,
  // expect: tls-verification-disabled
  checkServerIdentity(host: string, cert: PeerCertificate) {
    const err = tls.checkServerIdentity(host, cert);
    if (err) {
      logger.warn({ host, reason: err.message }, 'signer certificate mismatch ignored');
    }
    return undefined;
  },
});

// The Error built in a nested callback is never returned by the outer function.
export const escrowAgent = new https.Agent({
  ca: settings.escrow.ca,
  // expect: tls-verification-disabled
  checkServerIdentity: (host: string, cert: PeerCertificate) => {
    const mismatches = PINNED_FINGERPRINTS.map((pin) =>
      pin === cert.fingerprint256 ? undefined : new Error(`pin mismatch for ${host}`),
    );
    logger.debug({ host, checked: mismatches.length }, 'escrow pins checked');
    return void 0;
  },
});

// A named function declaration that accepts everyone.
function acceptAnyCertificate(_host: string, _cert: PeerCertificate): undefined {
  return undefined;
}

export const rotationClient = axios.create({
  baseURL: settings.rotation.baseURL,
  httpsAgent: new https.Agent({
    ca: settings.rotation.ca,
    // expect: tls-verification-disabled
    checkServerIdentity: acceptAnyCertificate,
  }),
});

// A const arrow bound to a name.
const skipHostnameCheck = (_host: string, _cert: PeerCertificate) => null;

export const auditSocket = tls.connect({
  host: settings.audit.host,
  port: 6514,
  // expect: tls-verification-disabled
  checkServerIdentity: skipHostnameCheck,
});

// A member write on options built first.
const backupAgentOptions: https.AgentOptions = { ca: settings.backup.ca, keepAlive: true };
// expect: tls-verification-disabled
backupAgentOptions.checkServerIdentity = () => undefined;
export const backupAgent = new https.Agent(backupAgentOptions);

// A falsy rejectUnauthorized next to a typed, satisfied options object.
export const escrowFallbackAgent = new https.Agent({
  ca: settings.escrow.ca,
  // expect: tls-verification-disabled
  rejectUnauthorized: (false as boolean)!,
} satisfies https.AgentOptions);

// Look-alikes below: these functions do check the peer.

export const ledgerAgent = new https.Agent({
  ca: settings.ledger.ca,
  // ok: tls-verification-disabled
  checkServerIdentity: (host: string, cert: PeerCertificate) => tls.checkServerIdentity(host, cert),
});

// Pinning: returns an Error on a mismatch, undefined otherwise.
function verifyPinnedCertificate(host: string, cert: PeerCertificate): Error | undefined {
  const hostnameError = tls.checkServerIdentity(host, cert);
  if (hostnameError) {
    return hostnameError;
  }
  if (!PINNED_FINGERPRINTS.includes(cert.fingerprint256)) {
    return new Error(`certificate fingerprint for ${host} is not pinned`);
  }
  return undefined;
}

export const pinnedAgent = new https.Agent({
  ca: settings.pinned.ca,
  // ok: tls-verification-disabled
  checkServerIdentity: verifyPinnedCertificate,
});

// Throws on a mismatch.
export const custodyAgent = new https.Agent({
  ca: settings.custody.ca,
  // ok: tls-verification-disabled
  checkServerIdentity(host: string, cert: PeerCertificate) {
    if (cert.subject.CN !== settings.custody.commonName) {
      throw new Error(`unexpected custody certificate for ${host}`);
    }
    return undefined;
  },
});

export const reportsAgent = new https.Agent({
  ca: settings.reports.ca,
  // ok: tls-verification-disabled
  checkServerIdentity: tls.checkServerIdentity,
});

// The default is restored by assigning the real check.
const exportAgentOptions: https.AgentOptions = { ca: settings.exports.ca };
// ok: tls-verification-disabled
exportAgentOptions.checkServerIdentity = verifyPinnedCertificate;
export const exportAgent = new https.Agent(exportAgentOptions);

export function pinnedClientOptions(pins: readonly string[]): PinnedClientOptions {
  return {
    pins,
    // ok: tls-verification-disabled
    checkServerIdentity: (host, cert) =>
      pins.includes(cert.fingerprint256) ? tls.checkServerIdentity(host, cert) : new Error(`${host} is not pinned`),
  };
}

const app = new Koa();
const router = new Router();

router.get('/tls/pins', (ctx) => {
  // ok: tls-verification-disabled
  ctx.body = { pins: PINNED_FINGERPRINTS.length, hostnameCheck: 'checkServerIdentity' };
});

app.use(router.routes());

export { app, acceptAnyCertificate };
