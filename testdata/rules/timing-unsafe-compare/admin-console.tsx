// Operator console of the keys API, rendered on the server. Operators reach it
// through the admin listener (mTLS with operator certificates) and an admin token.
import crypto from 'node:crypto';
import React from 'react';
import { renderToString } from 'react-dom/server';
import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import { operators, type Operator } from './operators.js';

type AdminState = { operator?: Operator };

const app = new Koa<AdminState>();
const router = new Router<AdminState>({ prefix: '/admin' });

const ADMIN_TOKEN = process.env.ADMIN_TOKEN as string;
const breakGlassTokens: string[] = (process.env.BREAK_GLASS_TOKENS ?? '').split(',');

function Dashboard({ operator }: { operator: Operator }): JSX.Element {
  return (
    <main>
      <h1>Keys console</h1>
      <p>Signed in as {operator.name}</p>
    </main>
  );
}

async function requireAdmin(ctx: Context, next: Next): Promise<void> {
  const adminToken = ctx.get('x-admin-token') as string;
  // ok: timing-unsafe-compare -- a presence check
  if (!adminToken) ctx.throw(401);
  // expect: timing-unsafe-compare
  if (adminToken === ADMIN_TOKEN) {
    ctx.state.operator = { id: 'root', name: 'root' } as Operator;
    return next();
  }
  // expect: timing-unsafe-compare
  if (breakGlassTokens.includes(adminToken)) {
    ctx.state.operator = { id: 'break-glass', name: 'break glass' } as Operator;
    return next();
  }
  const all = await operators.list();
  // expect: timing-unsafe-compare
  const operator = all.find((op) => op.consoleToken === adminToken);
  if (!operator) ctx.throw(403);
  ctx.state.operator = operator;
  await next();
}

// Per-operator tokens kept as a list by an earlier script.
async function requireOperatorToken(ctx: Context, next: Next): Promise<void> {
  const presented = (ctx.headers['x-auth-token'] as string | undefined) ?? '';
  const knownTokens = (await operators.list()).map((op) => op.consoleToken);
  // expect: timing-unsafe-compare
  const index = knownTokens.indexOf(presented);
  // ok: timing-unsafe-compare -- a number, the result of the search above
  if (index === -1) ctx.throw(403);
  await next();
}

// The fixed version: look the operator up by id, compare token digests in constant time.
async function requireOperator(ctx: Context, next: Next): Promise<void> {
  const operatorId = ctx.get('x-operator-id');
  const presented = ctx.get('x-auth-token');
  const operator = await operators.byId(operatorId);
  // ok: timing-unsafe-compare -- an id is not a secret
  if (operator?.id !== operatorId) ctx.throw(403);
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(operator!.consoleToken).digest();
  // ok: timing-unsafe-compare -- digests of both sides, constant-time compare
  if (!crypto.timingSafeEqual(a, b)) ctx.throw(403);
  ctx.state.operator = operator!;
  await next();
}

router.get('/', requireAdmin, async (ctx) => {
  ctx.type = 'html';
  ctx.body = renderToString(<Dashboard operator={ctx.state.operator!} />);
});

router.post('/operators', requireOperatorToken, async (ctx) => {
  const { password, confirmPassword } = ctx.request.body as { password: string; confirmPassword: string };
  // ok: timing-unsafe-compare -- both fields come from the same request
  if (password !== confirmPassword) ctx.throw(400, 'passwords do not match');
  ctx.status = 201;
});

router.post('/operators/:id/password', requireOperator, async (ctx) => {
  const { currentPassword } = ctx.request.body as { currentPassword: string };
  const operator = await operators.byId(ctx.params.id);
  // expect: timing-unsafe-compare
  if (operator.password !== currentPassword) ctx.throw(403);
  ctx.status = 204;
});

app.use(router.routes());
export default app;
