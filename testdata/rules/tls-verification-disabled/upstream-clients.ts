// Outbound clients of the keys API: billing, ledger, the fraud scorer and the
// HSM bridge. Each one carries a client certificate (mTLS) and must verify
// the server it talks to.
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import got from 'got';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import Router, { type RouterContext } from '@koa/router';
import { settings } from './settings.js';

interface UpstreamConfig {
  baseURL: string;
  timeoutMs: number;
  verifyTls?: boolean;
  ca?: string;
}

// Type-level mentions are not options objects.
// ok: tls-verification-disabled
type LegacyAgentFlags = { rejectUnauthorized: false; keepAlive: boolean };

interface ClientTlsSettings {
  // ok: tls-verification-disabled
  rejectUnauthorized?: boolean;
  servername?: string;
}

const clientCert = {
  cert: settings.tls.clientCert,
  key: settings.tls.clientKey,
  ca: settings.tls.ca,
};

// Billing: an assertion does not change the value.
export const billing: AxiosInstance = axios.create({
  baseURL: settings.billing.baseURL,
  timeout: settings.billing.timeoutMs,
  httpsAgent: new https.Agent({
    ...clientCert,
    keepAlive: true,
    // expect: tls-verification-disabled
    rejectUnauthorized: false as boolean,
  }),
});

// Ledger via got: `satisfies` does not change it either.
export const ledger = got.extend({
  prefixUrl: settings.ledger.baseURL,
  https: {
    certificate: clientCert.cert,
    key: clientCert.key,
    // expect: tls-verification-disabled
    rejectUnauthorized: false satisfies boolean,
  },
});

// Fraud scorer via undici: parentheses and `as const`.
const fraudDispatcher = new UndiciAgent({
  connect: {
    ...clientCert,
    // expect: tls-verification-disabled
    rejectUnauthorized: (false),
  },
});

const fraudFallbackDispatcher = new UndiciAgent({
  // expect: tls-verification-disabled
  connect: { rejectUnauthorized: false as const, timeout: 2_000 },
});

export async function scoreTransaction(id: string): Promise<number> {
  const { body } = await undiciRequest(`${settings.fraud.baseURL}/score/${id}`, {
    dispatcher: fraudDispatcher,
  });
  const { score } = (await body.json()) as { score: number };
  return score;
}

// A typed binding followed by a non-null assertion.
const verifyPeer: boolean | undefined = false;

const hsmSocket = tls.connect({
  host: settings.hsm.host,
  port: 1792,
  ...clientCert,
  // expect: tls-verification-disabled
  rejectUnauthorized: verifyPeer!,
});

// Binding destructured from an object literal, with a type annotation.
const { verifyLedgerPeer }: { verifyLedgerPeer: boolean } = { verifyLedgerPeer: false };

export function ledgerRequest(path: string) {
  return https.request({
    host: settings.ledger.host,
    path,
    method: 'GET',
    // expect: tls-verification-disabled
    rejectUnauthorized: verifyLedgerPeer,
  });
}

// Computed and quoted keys are the same property.
const reportingAgentOptions: https.AgentOptions = {
  ...clientCert,
  // expect: tls-verification-disabled
  ['rejectUnauthorized']: !!false,
};

const exportAgentOptions = {
  ...clientCert,
  // expect: tls-verification-disabled
  'rejectUnauthorized': null,
} as unknown as https.AgentOptions;

// Merged into an existing options object.
const archiveAgentOptions: https.AgentOptions = { keepAlive: true, ...clientCert };
// expect: tls-verification-disabled
Object.assign(archiveAgentOptions, { rejectUnauthorized: !1 });

// A missing setting falls back to "off".
export const settlements = axios.create({
  baseURL: settings.settlements.baseURL,
  httpsAgent: new https.Agent({
    // expect: tls-verification-disabled
    rejectUnauthorized: settings.settlements.verifyTls ?? false,
  }),
});

// Member write through an assertion on the target object.
export const payouts = axios.create({ baseURL: settings.payouts.baseURL });
// expect: tls-verification-disabled
(payouts.defaults.httpsAgent as https.Agent).options.rejectUnauthorized = false;

// Look-alikes below: none of these turn verification off.

export const reporting = new https.Agent(reportingAgentOptions);
export const exporter = new https.Agent(exportAgentOptions);
export const archive = new https.Agent(archiveAgentOptions);

export const notifications: AxiosInstance = axios.create({
  baseURL: settings.notifications.baseURL,
  httpsAgent: new https.Agent({
    ...clientCert,
    // ok: tls-verification-disabled
    rejectUnauthorized: true as boolean,
  }),
});

export const search = got.extend({
  prefixUrl: settings.search.baseURL,
  https: {
    // ok: tls-verification-disabled
    rejectUnauthorized: settings.tls.rejectUnauthorized,
    // ok: tls-verification-disabled
    ca: settings.search.ca!,
  },
});

export function upstreamAgent(upstream: UpstreamConfig, verify: boolean): https.Agent {
  return new https.Agent({
    ...clientCert,
    ca: upstream.ca,
    // ok: tls-verification-disabled
    rejectUnauthorized: verify,
  });
}

export function strictAgent(upstream: UpstreamConfig): https.Agent {
  // This inner binding shadows the module-level `verifyPeer = false`.
  const verifyPeer = true;
  return new https.Agent({
    ca: upstream.ca,
    // ok: tls-verification-disabled
    rejectUnauthorized: verifyPeer,
  });
}

export const kyc = new UndiciAgent({
  connect: {
    // ok: tls-verification-disabled
    rejectUnauthorized: !0,
  },
});

export const legacyGatewayRequestOptions = {
  baseUrl: settings.legacy.baseURL,
  // expect: tls-verification-disabled -- request's name for rejectUnauthorized
  strictSSL: false,
  // ok: tls-verification-disabled
  verify: false,
};

const router = new Router({ prefix: '/upstream' });

router.get('/billing/invoices/:id', async (ctx: RouterContext) => {
  const { data } = await billing.get(`/invoices/${encodeURIComponent(ctx.params.id!)}`);
  ctx.body = data;
});

router.get('/hsm/status', (ctx: RouterContext) => {
  ctx.body = {
    hsmConnected: !hsmSocket.destroyed,
    // ok: tls-verification-disabled
    reportingVerifiesPeers: reportingAgentOptions.rejectUnauthorized !== false,
  };
});

export { router, fraudFallbackDispatcher };
export type { ClientTlsSettings, LegacyAgentFlags };
