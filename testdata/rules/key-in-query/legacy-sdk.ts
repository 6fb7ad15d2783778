// Compatibility with the first versions of the partner SDK, which sent the key
// as `?api_key=` (1.x) or `?apiKey=` (0.x). New clients send `x-api-key`; the
// fallbacks below keep the old ones working until they are switched off.
import crypto from 'node:crypto';
import querystring from 'node:querystring';
import qs from 'qs';
import getRawBody from 'raw-body';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { RouterContext } from '@koa/router';
import { keys } from './keys.js';
import { reports } from './reports.js';

export const router = new Router();

function keyHash(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export async function requireApiKey(ctx: Context, next: Next): Promise<void> {
  // ok: key-in-query -- the header is where the key belongs
  const fromHeader = ctx.get('x-api-key');
  // expect: key-in-query -- the 1.x fallback still accepts the key from the URL
  const presented = fromHeader || (ctx.query.api_key as string | undefined);
  if (!presented) ctx.throw(401, 'missing api key');
  const client = await keys.byHash(keyHash(presented));
  if (!client) ctx.throw(401, 'invalid api key');
  ctx.state.client = client;
  await next();
}

// The same fallback as SDK 1.4 wrote it, on one line.
export async function requireApiKeyInline(ctx: Context, next: Next): Promise<void> {
  // expect: key-in-query
  const presented = ctx.get('x-api-key') || String(ctx.query.api_key ?? '');
  if (!presented || !(await keys.byHash(keyHash(presented)))) ctx.throw(401);
  await next();
}

// SDK 0.x used camelCase, and some of its ports lower-cased the name.
export async function sdkZeroCompat(c: Context, next: Next): Promise<void> {
  // expect: key-in-query -- a name that reads like a secret
  const camel = c.query.apiKey as string | undefined;
  // expect: key-in-query
  const lower = c.query.apikey as string | undefined;
  // expect: key-in-query -- the OAuth variant of 0.9 sent an access token instead
  const bearer = c.query.accessToken as string | undefined;
  // ok: key-in-query -- the SDK's version, for the deprecation report
  const sdk = c.query.sdk_version;
  // ok: key-in-query -- names about a token are not tokens
  const kind = c.query.tokenType ?? 'key';
  const presented = camel ?? lower ?? bearer;
  if (!presented || !(await keys.byHash(keyHash(presented)))) c.throw(401);
  c.state.sdk = { version: sdk, kind };
  await next();
}

// The report export of SDK 1.x parsed the raw query string itself.
router.get('/v1/legacy/reports', async (ctx: RouterContext) => {
  // expect: key-in-query
  const { client_secret: clientSecret } = qs.parse(ctx.querystring);
  // ok: key-in-query -- the output format
  const { format = 'csv' } = qs.parse(ctx.querystring);
  const client = await keys.bySecretHash(keyHash(String(clientSecret)));
  if (!client) ctx.throw(401);
  ctx.body = await reports.forClient(client.id, String(format));
});

// The HTML login of the 0.x admin page posted to a GET route.
router.get('/v1/legacy/login', async (ctx: RouterContext) => {
  const parsed = querystring.parse(ctx.querystring);
  // expect: key-in-query -- `passwd` from the parsed query string
  const passwd = parsed.passwd;
  // expect: key-in-query
  const operator = parsed.password ?? parsed.user;
  // ok: key-in-query -- where to go afterwards
  const next = parsed.redirect;
  ctx.state.login = { passwd, operator, next };
  ctx.status = 303;
});

// Its replacement posts a form: the body is parsed, the URL stays clean.
router.post('/v2/login', async (ctx: RouterContext) => {
  const body = await getRawBody(ctx.req, { encoding: 'utf8' });
  // ok: key-in-query -- a form body parsed with querystring, not the URL
  const { password } = querystring.parse(body);
  // ok: key-in-query -- parsing a string that is not the request's URL
  const fields = qs.parse(body);
  ctx.state.login = { password, user: fields.user };
  ctx.status = 303;
});

// The v2 key check: headers only, and a clear error for SDKs that still use the URL.
export async function requireHeaderKey(ctx: Context, next: Next): Promise<void> {
  // ok: key-in-query -- only the presence of a parameter is tested, by name, in a list of names
  if (Object.keys(ctx.query).some((name) => /^api.?key$/i.test(name))) {
    ctx.throw(400, 'send the key in the x-api-key header');
  }
  // ok: key-in-query -- a key read from the Authorization header
  const [, bearer] = ctx.get('authorization').split(' ');
  if (!bearer || !(await keys.byHash(keyHash(bearer)))) ctx.throw(401);
  await next();
}
