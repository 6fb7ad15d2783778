// GitHub webhook receiver: deliveries are signed with HMAC-SHA256 over the raw
// body, in the `x-hub-signature-256` header as `sha256=<hex>`.
import crypto from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import getRawBody from 'raw-body';
import { deploy } from './deploy.mjs';

const app = new Koa();
const router = new Router();
const webhookSecret = process.env.GITHUB_WEBHOOK_SECRET;

function sign(body) {
  return crypto.createHmac('sha256', webhookSecret).update(body).digest('hex');
}

// The version from the first deploy script.
router.post('/hooks/github/v1', async (ctx) => {
  const body = await getRawBody(ctx.req);
  // expect: timing-unsafe-compare
  if (crypto.createHmac('sha256', webhookSecret).update(body).digest('hex') === ctx.get('x-hub-signature-256').slice(7)) {
    await deploy(JSON.parse(body));
  }
  ctx.status = 204;
});

// The same check with the digest built before use.
router.post('/hooks/github/v2', async (ctx) => {
  const body = await getRawBody(ctx.req);
  const signature = ctx.get('x-hub-signature-256');
  const expected = `sha256=${sign(body)}`;
  // ok: timing-unsafe-compare -- an event name
  if (ctx.get('x-github-event') === 'ping') {
    ctx.status = 204;
    return;
  }
  // expect: timing-unsafe-compare
  if (signature !== expected) {
    ctx.throw(401, 'bad signature');
  }
  await deploy(JSON.parse(body));
  ctx.status = 204;
});

// The legacy SHA-1 header.
router.post('/hooks/github/legacy', async (ctx) => {
  const body = await getRawBody(ctx.req);
  const digest = crypto.createHmac('sha1', webhookSecret).update(body).digest('hex');
  const [, hubSignature] = ctx.get('x-hub-signature').split('=');
  // expect: timing-unsafe-compare
  if (Buffer.compare(Buffer.from(digest), Buffer.from(hubSignature)) !== 0) ctx.throw(401);
  ctx.status = 204;
});

// The fixed version: HMAC both, compare the equal-length digests.
router.post('/hooks/github', async (ctx) => {
  const body = await getRawBody(ctx.req);
  const received = ctx.get('x-hub-signature-256');
  // ok: timing-unsafe-compare -- a presence check
  if (!received) ctx.throw(401, 'unsigned delivery');
  const a = crypto.createHash('sha256').update(received).digest();
  const b = crypto.createHash('sha256').update(`sha256=${sign(body)}`).digest();
  // ok: timing-unsafe-compare -- both sides are sha256 digests, always 32 bytes
  if (a.length !== b.length) ctx.throw(500);
  // ok: timing-unsafe-compare -- constant-time compare of two digests
  if (!crypto.timingSafeEqual(a, b)) ctx.throw(401, 'bad signature');
  // ok: timing-unsafe-compare -- the event name is public
  if (ctx.get('x-github-event') !== 'push') {
    ctx.status = 204;
    return;
  }
  await deploy(JSON.parse(body));
  ctx.status = 204;
});

// A disabled receiver in staging: the secret is compared with a boolean.
router.post('/hooks/github/staging', async (ctx) => {
  const settings = { webhookSecret: process.env.STAGING_WEBHOOK_SECRET ?? false };
  // ok: timing-unsafe-compare -- a boolean, not a guessable value
  if (settings.webhookSecret === false) ctx.throw(404);
  ctx.status = 204;
});

app.use(router.routes());
export default app;
