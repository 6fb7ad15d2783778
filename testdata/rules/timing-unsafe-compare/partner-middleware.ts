// Middleware factories shared by the partner services: invitation tokens,
// signed download links, Shopify and Zapier callbacks, and the key check the
// partner SDK documentation shows.
import crypto from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { invites } from './invites.js';
import { partners, type Partner } from './partners.js';

interface LinkOptions {
  ttlSeconds: number;
}

const linkSecret = process.env.DOWNLOAD_LINK_SECRET as string;

function sign(path: string, expires: number): string {
  return crypto.createHmac('sha256', linkSecret).update(`${path}:${expires}`).digest('hex');
}

// Invitations: the token arrives in the body of the accept form.
export const acceptInvite: Middleware = async (ctx: ParameterizedContext, next) => {
  const { email, token } = ctx.request.body as { email: string; token: string };
  const invite = await invites.byEmail(email);
  // ok: timing-unsafe-compare -- a presence check
  if (!invite || !token) ctx.throw(404);
  // expect: timing-unsafe-compare
  if (invite.code !== token) ctx.throw(404);
  await next();
};

// Signed download links: `/files/report.csv?expires=…&signature=…`.
export default (options: LinkOptions): Middleware =>
  async (ctx, next) => {
    const expires = Number(ctx.query.expires);
    // ok: timing-unsafe-compare -- numbers
    if (!Number.isFinite(expires) || expires < Date.now() / 1000) ctx.throw(410);
    // ok: timing-unsafe-compare -- numbers
    if (expires - Date.now() / 1000 > options.ttlSeconds) ctx.throw(400);
    const { signature } = ctx.query as Record<string, string>;
    const expected = sign(ctx.path, expires);
    // expect: timing-unsafe-compare
    if (signature !== expected) ctx.throw(403);
    await next();
  };

// Shopify signs webhooks with base64 HMAC in `x-shopify-hmac-sha256`.
export function shopifyWebhook(): Middleware {
  return async (ctx, next) => {
    const received = ctx.get('x-shopify-hmac-sha256');
    const computed = crypto
      .createHmac('sha256', process.env.SHOPIFY_API_SECRET as string)
      .update((ctx.request as unknown as { rawBody: string }).rawBody)
      .digest('base64');
    // expect: timing-unsafe-compare
    if (received === computed) {
      return next();
    }
    ctx.status = 401;
  };
}

// Zapier sends a shared secret in a header of its own.
export function zapierCallback(): Middleware {
  return async (ctx, next) => {
    const shared = ctx.get('x-zapier-secret');
    // expect: timing-unsafe-compare
    if (shared !== process.env.ZAPIER_HOOK_SECRET) ctx.throw(401);
    await next();
  };
}

// The check from the partner SDK docs: its name says what it compares.
export function verifyApiKey(received: string, expected: string): boolean {
  let ok = true;
  for (let i = 0; i < expected.length; i++) {
    // expect: timing-unsafe-compare
    if (received[i] !== expected[i]) {
      ok = false;
      break;
    }
  }
  return ok;
}

// Keys of partners onboarded before 2021 are numeric placeholders until rotated.
export function requirePartnerKey(): Middleware {
  return async (ctx, next) => {
    const partner: Partner = await partners.byId(ctx.get('x-partner-id'));
    // ok: timing-unsafe-compare -- compared with a number: the placeholder of unrotated keys
    if (partner.apiKey === 0) ctx.throw(403, 'rotate your key first');
    const presented = ctx.get('x-api-key');
    // ok: timing-unsafe-compare -- the rule reports the early exit inside verifyApiKey, not the call
    if (!verifyApiKey(presented, String(partner.apiKey))) ctx.throw(401);
    await next();
  };
}

// The fixed link check: both signatures hashed, compared in constant time.
export function signedLink(): Middleware {
  return async (ctx, next) => {
    const given = String(ctx.query.signature ?? '');
    const wanted = sign(ctx.path, Number(ctx.query.expires));
    const a = crypto.createHash('sha256').update(given).digest();
    const b = crypto.createHash('sha256').update(wanted).digest();
    // ok: timing-unsafe-compare -- equal-length digests, constant-time compare
    if (!crypto.timingSafeEqual(a, b)) ctx.throw(403);
    await next();
  };
}
