// Routes whose job is to hand out credentials: issuing is not echoing.
import Router from '@koa/router';
import type { Context } from 'koa';
import { issueToken, createApiKey } from './issuer';

const router = new Router({ prefix: '/auth' });

router.post('/login', async (ctx: Context) => {
  const token = await issueToken(ctx.request.body as { user: string });
  // ok: debug-echo-route
  ctx.body = { token };
});

router.post('/keys', async (ctx: Context) => {
  const apiKey: string = await createApiKey(ctx.state.partnerId);
  // ok: debug-echo-route
  ctx.body = { apiKey, note: 'shown once' };
});

// Echoing the caller's own key back is still reported.
router.post('/keys/check', async (ctx: Context) => {
  // expect: debug-echo-route
  ctx.body = { checked: ctx.get('x-api-key') };
});

// A public, publishable key is not a secret.
router.get('/stripe', (ctx: Context) => {
  // ok: debug-echo-route
  ctx.body = { publishableKey: process.env.STRIPE_PUBLISHABLE_KEY };
});

export default router;
