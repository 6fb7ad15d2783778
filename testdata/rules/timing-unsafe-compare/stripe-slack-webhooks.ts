// Stripe and Slack receivers of the billing service. Both sign the raw body
// with a shared secret; neither request comes through the partner mTLS listener.
import crypto from 'node:crypto';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { billing } from './billing.js';
import { slackCommands } from './slack.js';

type RawBodyContext = RouterContext & { request: { rawBody: string } };

export const router = new Router({ prefix: '/hooks' });

const stripeSecret = process.env.STRIPE_WEBHOOK_SECRET as string;
const slackSigningSecret: string = process.env.SLACK_SIGNING_SECRET!;

function hmacHex(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('hex');
}

function digestOf(value: string): Buffer {
  return crypto.createHash('sha256').update(value).digest();
}

// Stripe: `stripe-signature: t=1700000000,v1=<hex>,v1=<hex>`.
router.post('/stripe', async (ctx: RawBodyContext) => {
  const header = ctx.get('stripe-signature');
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
  // ok: timing-unsafe-compare -- numbers: the replay window
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) ctx.throw(400, 'stale event');
  const signatures = header
    .split(',')
    // ok: timing-unsafe-compare -- a scheme prefix ('v1' is Stripe's signature scheme)
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  const expected = hmacHex(stripeSecret, `${timestamp}.${ctx.request.rawBody}`);
  // expect: timing-unsafe-compare
  if (!signatures.includes(expected)) ctx.throw(400, 'bad signature');
  await billing.handle(JSON.parse(ctx.request.rawBody));
  ctx.status = 200;
});

// The same receiver written with indexOf by another team.
router.post('/stripe/connect', async (ctx: RawBodyContext) => {
  const { 'stripe-signature': stripeSignature = '' } = ctx.headers as Record<string, string>;
  const expectedSignature = hmacHex(process.env.STRIPE_CONNECT_SECRET as string, ctx.request.rawBody);
  // expect: timing-unsafe-compare
  if (stripeSignature.indexOf(`v1=${expectedSignature}`) === -1) ctx.throw(400);
  ctx.status = 200;
});

// Slack: `x-slack-signature: v0=<hex>` over `v0:<timestamp>:<body>`.
router.post('/slack/commands', async (ctx: RawBodyContext) => {
  const timestamp = ctx.get('x-slack-request-timestamp');
  const slackSignature = ctx.get('x-slack-signature');
  const base = `v0:${timestamp}:${ctx.request.rawBody}`;
  const mine = 'v0=' + hmacHex(slackSigningSecret, base);
  // ok: timing-unsafe-compare -- a timestamp is not a secret
  if (timestamp === '') ctx.throw(400);
  // expect: timing-unsafe-compare
  if (mine != slackSignature) {
    ctx.throw(401, 'invalid slack signature');
  }
  ctx.body = await slackCommands.run(ctx.request.body as Record<string, string>);
});

// Slack interactivity, checked with lastIndexOf "to allow several signatures".
router.post('/slack/actions', async (ctx: RawBodyContext) => {
  const received = ctx.get('x-slack-signature');
  const computed = `v0=${hmacHex(slackSigningSecret, `v0:${ctx.get('x-slack-request-timestamp')}:${ctx.request.rawBody}`)}`;
  // expect: timing-unsafe-compare
  if (received.lastIndexOf(computed) < 0) ctx.throw(401);
  ctx.status = 200;
});

// The fixed Slack receiver: hash both signatures, compare in constant time.
router.post('/slack/events', async (ctx: RawBodyContext) => {
  const received = ctx.get('x-slack-signature');
  const ts = ctx.get('x-slack-request-timestamp');
  const computed = 'v0=' + hmacHex(slackSigningSecret, `v0:${ts}:${ctx.request.rawBody}`);
  // ok: timing-unsafe-compare -- equal-length digests, constant-time compare
  const valid = crypto.timingSafeEqual(digestOf(received), digestOf(computed));
  // ok: timing-unsafe-compare -- a boolean result
  if (valid !== true) ctx.throw(401);
  // ok: timing-unsafe-compare -- the event type is public
  if ((ctx.request.body as { type?: string }).type === 'url_verification') {
    ctx.body = { challenge: (ctx.request.body as { challenge: string }).challenge };
    return;
  }
  ctx.status = 200;
});

// A signed payload with the signature in the body, checked by a support script.
router.post('/partners/events', async (ctx: RawBodyContext) => {
  const { webhookSignature, payload } = ctx.request.body as { webhookSignature: string; payload: string };
  const hmac = crypto.createHmac('sha256', process.env.PARTNER_EVENTS_SECRET as string).update(payload).digest('base64');
  // expect: timing-unsafe-compare
  if (webhookSignature !== hmac) ctx.throw(401);
  ctx.status = 202;
});
