// Sign-in with the identity provider (authorization-code flow) and the older
// partner SSO, which redirected back with tokens in the query string.
import crypto from 'node:crypto';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { users } from './users.js';

const AUTH_BASE = 'https://id.example.com/oauth2';
const CLIENT_ID = process.env.OAUTH_CLIENT_ID as string;
const REDIRECT_URI = 'https://app.example.com/oauth/callback';
const APP_URL = 'https://app.example.com';

export const router = new Router();

router.get('/oauth/login', async (ctx: RouterContext) => {
  const state = crypto.randomBytes(16).toString('hex');
  await users.rememberState(state, { ttlSeconds: 600 });
  // ok: key-in-query -- client id, redirect URI and state are public by design
  ctx.redirect(`${AUTH_BASE}/authorize?response_type=code&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=${state}`);
});

router.get('/oauth/callback', async (ctx: RouterContext) => {
  // ok: key-in-query -- the one-time authorization code and the state are meant for the URL
  const { code, state } = ctx.query;
  if (!code || !(await users.consumeState(String(state)))) ctx.throw(400);

  // The first version exchanged the code with the secret in the URL.
  const tokenUrl = new URL(`${AUTH_BASE}/token`);
  tokenUrl.searchParams.set('grant_type', 'authorization_code');
  // ok: key-in-query -- the authorization code
  tokenUrl.searchParams.set('code', String(code));
  // ok: key-in-query -- the redirect URI
  tokenUrl.searchParams.set('redirect_uri', REDIRECT_URI);
  // expect: key-in-query
  tokenUrl.searchParams.set('client_secret', process.env.OAUTH_CLIENT_SECRET as string);
  const legacy = await fetch(tokenUrl, { method: 'POST' });

  // The fix: the same fields in a form body, which is not a URL.
  const form = new URLSearchParams();
  // ok: key-in-query -- a form body for a POST, not a query string
  form.set('client_secret', process.env.OAUTH_CLIENT_SECRET as string);
  form.set('code', String(code));
  const res = await fetch(`${AUTH_BASE}/token`, { method: 'POST', body: form });
  // ok: key-in-query -- parsing the provider's response body, not the request's URL
  const accessToken = new URLSearchParams(await res.text()).get('access_token');
  const user = await users.fromAccessToken(accessToken ?? (await legacy.text()));
  ctx.cookies.set('session', await users.startSession(user.id), { httpOnly: true });

  // The SPA used to receive the provider's token in the URL of its landing page.
  // expect: key-in-query -- a secret-named value put into a redirect URL
  ctx.redirect(`${APP_URL}/signed-in?token=${accessToken}`);
});

router.get('/oauth/callback/done', async (ctx: RouterContext) => {
  // ok: key-in-query -- only the state goes back to the SPA
  ctx.redirect(`${APP_URL}/signed-in?state=${ctx.query.state}`);
});

// The partner SSO of 2019 redirects back with `?access_token=…&id_token=…`.
router.get('/sso/partner/callback', async (ctx: RouterContext) => {
  // expect: key-in-query
  const accessToken = ctx.query.access_token;
  // expect: key-in-query
  const idToken = ctx.query.id_token;
  // ok: key-in-query -- the partner's tenant id
  const tenant = ctx.query.tenant;
  const user = await users.fromPartnerTokens(String(tenant), String(accessToken), String(idToken));
  ctx.cookies.set('session', await users.startSession(user.id), { httpOnly: true });
  ctx.redirect(APP_URL);
});

// Its refresh endpoint, `GET /sso/partner/refresh?refresh_token=…`.
router.get('/sso/partner/refresh', async (ctx: RouterContext) => {
  // expect: key-in-query
  const { refresh_token: refreshToken, tenant } = ctx.query;
  ctx.body = await users.refreshPartnerTokens(String(tenant), String(refreshToken));
});

// And the API of the partner, which wants our token as `?auth_token=`.
export async function partnerProfile(userId: string, partnerToken: string): Promise<unknown> {
  // expect: key-in-query
  const url = `https://sso.partner.example/api/profile?user=${userId}&auth_token=${partnerToken}`;
  return (await fetch(url)).json();
}
