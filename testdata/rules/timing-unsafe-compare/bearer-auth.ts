// Bearer-token authentication for the keys API. Internal callers (batch jobs,
// the sidecar on the second listener) skip mTLS and present only a token.
import crypto from 'node:crypto';
import type { Context, Next } from 'koa';
import Router, { type RouterContext } from '@koa/router';
import { sessions, type Session } from './sessions.js';
import { revocations } from './revocations.js';

interface TokenClaims {
  tokenType: 'access' | 'refresh';
  sub: string;
}

export const router = new Router({ prefix: '/v1' });

const serviceToken: string = process.env.SERVICE_TOKEN as string;
const revoked: Set<string> = new Set();

function bearer(ctx: Context): string {
  const header = ctx.get('authorization');
  return header.split(' ')[1] ?? '';
}

export async function requireServiceToken(ctx: Context, next: Next): Promise<void> {
  const authorization = ctx.get('authorization') as string;
  const [scheme] = authorization.split(' ');
  // ok: timing-unsafe-compare -- a scheme literal
  if (scheme !== 'Bearer') ctx.throw(401, 'bearer token required');
  const token = authorization.split(' ')[1];
  // ok: timing-unsafe-compare -- a Set lookup hashes the token
  if (revoked.has(token)) ctx.throw(401, 'token revoked');
  // expect: timing-unsafe-compare
  if (token !== serviceToken) ctx.throw(401, 'invalid token');
  await next();
}

export async function requireAccessToken(ctx: Context, next: Next): Promise<void> {
  const token = (ctx.headers.authorization as string).replace(/^Bearer\s+/i, '');
  const session: Session | undefined = await sessions.byUser(ctx.state.userId as string);
  // ok: timing-unsafe-compare -- a presence check
  if (!session) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (session!.accessToken != token) ctx.throw(401, 'stale session');
  await next();
}

export async function requireFreshToken(ctx: Context, next: Next): Promise<void> {
  const claims = ctx.state.claims as TokenClaims;
  const { tokenType } = claims;
  // ok: timing-unsafe-compare -- a token type, not a token
  if (tokenType === 'access') return next();
  const revokedToken = await revocations.latestKind(claims.sub);
  // ok: timing-unsafe-compare -- compared with a type literal
  if (revokedToken === 'access') ctx.throw(401, 'session revoked');
  await next();
}

// Opaque tokens kept in a table, one row per user.
router.get('/me', async (ctx: RouterContext) => {
  const [, opaque] = ctx.get('authorization').split(' ');
  const row = (await sessions.opaqueFor(ctx.get('x-user-id'))) as { value: string } | null;
  // ok: timing-unsafe-compare -- a null check
  if (row === null) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (opaque !== row!.value) ctx.throw(401);
  ctx.body = { user: ctx.get('x-user-id') };
});

// A prefix search stops at the first differing character too.
router.get('/jobs/:id', async (ctx: RouterContext) => {
  const token = bearer(ctx);
  // ok: timing-unsafe-compare -- a scheme prefix on the header
  if (!ctx.get('authorization').startsWith('Bearer ')) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (!serviceToken.startsWith(token)) ctx.throw(401);
  ctx.body = { id: ctx.params.id };
});

router.get('/jobs', async (ctx: RouterContext) => {
  const token = ctx.get('x-access-token');
  const jobToken = process.env.JOB_RUNNER_TOKEN ?? '';
  // expect: timing-unsafe-compare
  if (!token.endsWith(jobToken)) ctx.throw(401);
  ctx.body = [];
});

router.post('/jobs', async (ctx: RouterContext) => {
  const presented = ctx.get('x-auth-token');
  // expect: timing-unsafe-compare
  if (presented.localeCompare(process.env.JOB_RUNNER_TOKEN as string) !== 0) ctx.throw(401);
  ctx.status = 201;
});

// Buffers compare byte by byte and stop early too.
router.delete('/jobs/:id', async (ctx: RouterContext) => {
  const presented = Buffer.from(bearer(ctx));
  const expected = Buffer.from(serviceToken, 'utf8');
  // expect: timing-unsafe-compare
  if (!presented.equals(expected)) ctx.throw(401);
  ctx.status = 204;
});

router.put('/jobs/:id', async (ctx: RouterContext) => {
  const presented: Buffer = Buffer.from(ctx.get('proxy-authorization').split(' ')[1] ?? '');
  // expect: timing-unsafe-compare
  if (Buffer.compare(presented, Buffer.from(serviceToken)) !== 0) ctx.throw(401);
  ctx.status = 204;
});

// The fixed version: equal-length digests compared in constant time.
router.patch('/jobs/:id', async (ctx: RouterContext) => {
  const a = crypto.createHash('sha256').update(bearer(ctx)).digest();
  const b = crypto.createHash('sha256').update(serviceToken).digest();
  // ok: timing-unsafe-compare -- digests of both sides, constant-time compare
  if (!crypto.timingSafeEqual(a, b)) ctx.throw(401);
  ctx.status = 204;
});

// Status and booleans are not secrets.
router.get('/tokens/status', async (ctx: RouterContext) => {
  const tokenValid: boolean = Boolean(ctx.state.tokenValid);
  // ok: timing-unsafe-compare -- a boolean flag
  if (tokenValid === false) ctx.status = 401;
  // ok: timing-unsafe-compare -- a response status
  if (ctx.status === 401) ctx.set('www-authenticate', 'Bearer');
});
