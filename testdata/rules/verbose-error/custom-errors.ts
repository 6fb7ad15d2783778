// Typed errors of the token service: custom classes for upstream and auth
// failures, and the login route that issues session tokens.
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import type { Context, Next } from 'koa';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import { issueToken, verifyPassword, users } from './auth.js';
import { idp } from './idp.js';

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly upstream: string,
    readonly status = 502,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export class AuthError extends Error {
  readonly status = 401;
  readonly expose = true;
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export const app = new Koa();
const router = new Router({ prefix: '/auth' });

router.post('/introspect', async (ctx: RouterContext) => {
  const { token } = ctx.request.body as { token?: string };
  if (!token) {
    // ok: verbose-error -- a custom error with a fixed message
    throw new AuthError('token is required');
  }
  const clientSecret = process.env.IDP_CLIENT_SECRET as string;
  const result = await idp.introspect(token, clientSecret);
  if (!result) {
    // expect: verbose-error -- a custom Error class whose message carries the service's client secret
    throw new UpstreamError(`introspection with secret ${clientSecret} failed`, 'idp');
  }
  if (!result.active) {
    // expect: verbose-error -- the token the caller sent, in the message
    throw new AuthError(`token ${token} is not active`);
  }
  ctx.body = { active: true, scope: result.scope };
});

router.post('/login', async (ctx: RouterContext) => {
  const { username, password } = ctx.request.body as { username: string; password: string };
  const user = await users.byName(username);
  if (!user || !(await verifyPassword(user, password))) {
    ctx.status = 401;
    // expect: verbose-error -- an error response (status 401) that echoes the password
    ctx.body = { error: 'invalid credentials', tried: { username, password } };
    return;
  }
  const token = await issueToken(user);
  // ok: verbose-error -- a 200 response with the token this route exists to issue
  ctx.body = { token, expiresIn: 3600 };
});

router.post('/refresh', async (ctx: RouterContext) => {
  const refreshToken = ctx.cookies.get('refresh');
  const session = refreshToken ? await users.sessionByRefresh(refreshToken) : null;
  if (!session) {
    ctx.status = 401;
    // ok: verbose-error -- a 401 with fixed text
    ctx.body = { error: 'session expired', requestId: ctx.state.requestId as string };
    return;
  }
  ctx.body = { token: await issueToken(session.user) };
});

// Error middleware typed with Koa's Context.
export async function errors(ctx: Context, next: Next): Promise<void> {
  const requestId = ctx.get('x-request-id') || randomUUID();
  try {
    await next();
  } catch (err) {
    if (err instanceof UpstreamError) {
      ctx.status = err.status;
      // expect: verbose-error -- a spread of the error copies every own property
      ctx.body = { ...err, requestId };
      return;
    }
    const e = err as Error & { status?: number; expose?: boolean };
    ctx.status = e.status ?? 500;
    // ok: verbose-error -- message only when Koa would expose it, and the request id
    ctx.body = { error: e.expose ? e.message : 'internal error', requestId };
  }
}

// The same middleware as the team ships it now.
export async function errorsFixed(ctx: Context, next: Next): Promise<void> {
  const requestId = ctx.get('x-request-id') || randomUUID();
  try {
    await next();
  } catch (err) {
    if (err instanceof UpstreamError) {
      // ok: verbose-error -- logging the stack on the server
      console.error(requestId, err.upstream, err.stack);
      ctx.status = err.status;
      // ok: verbose-error -- the name of the upstream and the request id
      ctx.body = { error: `${err.upstream} is unavailable`, requestId };
      return;
    }
    throw err;
  }
}

app.use(errors);
app.use(router.routes());
