// The keys API: partners manage their API keys here, behind mTLS. Typed Koa
// and @koa/router handlers.
import Koa from 'koa';
import type { Context, Next, ParameterizedContext } from 'koa';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { config } from './config';
import { keyStore, type KeyRecord } from './key-store';

interface PartnerState {
  partnerId?: string;
}

interface CreateKeyRequest {
  label: string;
  scopes: string[];
}

interface SupportTicketDraft {
  body?: unknown;
  headers: Record<string, string>;
}

export const app = new Koa<PartnerState>();
const router = new Router<PartnerState>({ prefix: '/v1' });

app.use(async (ctx: ParameterizedContext<PartnerState>, next: Next) => {
  ctx.state.partnerId = await keyStore.partnerFor(ctx.get('x-api-key'));
  // ok: debug-echo-route
  ctx.set('x-partner-id', ctx.state.partnerId ?? 'unknown');
  await next();
});

// An annotated context makes a function a handler even when it is not
// registered in this file.
export async function echoHeaders(ctx: Koa.Context): Promise<void> {
  // expect: debug-echo-route
  ctx.body = ctx.headers;
}

export function whoAmI(ctx: ParameterizedContext<PartnerState>): void {
  // expect: debug-echo-route
  ctx.body = { partner: ctx.state.partnerId, presented: ctx.get('x-api-key') };
}

export function requestDump(ctx: Context): void {
  const headers = ctx.request.headers as Record<string, string | undefined>;
  // expect: debug-echo-route
  ctx.body = headers;
}

router.get('/keys/:id/debug', async (ctx: RouterContext<PartnerState>) => {
  const record: KeyRecord = await keyStore.find(ctx.params.id);
  // expect: debug-echo-route
  ctx.body = { label: record.label, presented: ctx.headers['x-api-key'] as string };
});

// The SPA asked for its OAuth settings and got the client secret too.
router.get('/oauth/config', (ctx: RouterContext) => {
  // expect: debug-echo-route
  ctx.body = { clientId: config.oauth.clientId, clientSecret: config.oauth.clientSecret };
});

router.get('/billing/config', (ctx: RouterContext) => {
  // expect: debug-echo-route
  ctx.body = { currency: 'EUR', stripe: process.env.STRIPE_SECRET_KEY as string };
});

router.get('/ping', (ctx: Koa.Context) => {
  // expect: debug-echo-route
  ctx.set('x-echo-api-key', ctx.get('x-api-key'));
  // ok: debug-echo-route
  ctx.set('x-request-id', ctx.get('x-request-id'));
  ctx.body = { pong: true };
});

router.get('/upstream/ledger', async (ctx: RouterContext<PartnerState>) => {
  // expect: debug-echo-route
  ctx.response.set('x-upstream-token', process.env.LEDGER_SERVICE_TOKEN!);
  ctx.body = await keyStore.ledgerSummary(ctx.state.partnerId!);
});

// Left over from debugging webhook signatures: the service's own HMAC secret.
router.get('/__debug/signing', (ctx: RouterContext<PartnerState>) => {
  const hmacSecret: string = config.webhooks.hmacSecret;
  // expect: debug-echo-route
  ctx.body = JSON.stringify({ algorithm: 'HMAC-SHA256', hmacSecret });
});

// Look-alikes below.

router.post('/keys', async (ctx: RouterContext<PartnerState>) => {
  const input = ctx.request.body as CreateKeyRequest;
  const record = await keyStore.create(ctx.state.partnerId!, input.label, input.scopes);
  ctx.status = 201;
  // ok: debug-echo-route
  ctx.body = { id: record.id, label: record.label, scopes: record.scopes };
});

router.get('/keys', async (ctx: RouterContext<PartnerState>) => {
  // ok: debug-echo-route
  ctx.body = await keyStore.list(ctx.state.partnerId!);
});

// A sandbox docs endpoint returning a published demo key literal.
router.get('/sandbox/try-it', (ctx: RouterContext) => {
  const apiKey = 'pk_sandbox_demo_0000';
  // ok: debug-echo-route
  ctx.body = { apiKey, baseUrl: 'https://sandbox.example.com/v1' };
});

router.post('/logout', (ctx: Koa.Context) => {
  // ok: debug-echo-route
  ctx.body = { token: null, loggedOut: true };
});

router.get('/jwks', (ctx: RouterContext) => {
  // ok: debug-echo-route
  ctx.body = { pem: process.env.JWT_PUBLIC_KEY, env: process.env.NODE_ENV };
});

router.get('/client', (ctx: Koa.Context) => {
  // ok: debug-echo-route
  ctx.body = { ua: ctx.get('user-agent') as string, accept: ctx.headers.accept as string };
});

router.post('/keys/:id/validate', (ctx: RouterContext) => {
  // ok: debug-echo-route
  ctx.body = ctx.request.body as CreateKeyRequest;
});

// Structurally typed draft, not a Koa context, and not in handler position.
export function fillSupportTicket(ctx: SupportTicketDraft): void {
  // ok: debug-echo-route
  ctx.body = ctx.headers;
}

app.use(router.routes()).use(router.allowedMethods());
