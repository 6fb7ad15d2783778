// Compare helpers collected from tutorials over the years, and the routes that
// still use them. Each "constant-time" helper below returns early somewhere.
import crypto from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import { clients } from './clients.js';

export const app = new Koa();
const router = new Router();

// The classic: a length exit, then an exit at the first differing character.
export function safeCompare(a, b) {
  // expect: timing-unsafe-compare
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    // expect: timing-unsafe-compare
    if (a[i] !== b[i]) return false;
  }
  return true;
}

// The same with char codes.
function secureCompare(left, right) {
  // expect: timing-unsafe-compare
  if (left.length != right.length) return false;
  let i = 0;
  while (i < left.length) {
    // expect: timing-unsafe-compare
    if (left.charCodeAt(i) !== right.charCodeAt(i)) {
      return false;
    }
    i += 1;
  }
  return true;
}

// The one-liner: `every` stops at the first character that differs.
const constantTimeEquals = (a, b) =>
  // expect: timing-unsafe-compare
  a.length === b.length &&
  // expect: timing-unsafe-compare
  a.split('').every((c, i) => c === b[i]);

// The guard crypto.timingSafeEqual needs (it throws on buffers of different lengths): the
// content is compared in constant time; only the length, rarely a secret, shows.
function timingSafeEqual(a, b) {
  const bufA = Buffer.from(a);
  const bufB = Buffer.from(b);
  // ok: timing-unsafe-compare
  if (bufA.length !== bufB.length) return false;
  return crypto.timingSafeEqual(bufA, bufB);
}

// Not named like a compare, but its parameters are secrets.
function sameKey(presentedKey, storedKey) {
  for (let i = 0; i < storedKey.length; i++) {
    // expect: timing-unsafe-compare
    if (presentedKey[i] !== storedKey[i]) return false;
  }
  return presentedKey.length === storedKey.length;
}

// A neutral name, but the route below passes it the bearer token.
function matches(x, y) {
  // expect: timing-unsafe-compare
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i += 1) {
    // expect: timing-unsafe-compare
    if (x.charCodeAt(i) - y.charCodeAt(i) !== 0) return false;
  }
  return true;
}

// A generic helper only ever used on scope lists.
function arraysEqual(a, b) {
  // ok: timing-unsafe-compare -- never given a secret
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    // ok: timing-unsafe-compare -- never given a secret
    if (a[i] !== b[i]) return false;
  }
  return true;
}

// The fixed helper: digests of both sides are 32 bytes, so the length check
// never fails and the compare takes the same time whatever the inputs.
function verifyApiKey(presented, expected) {
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  // ok: timing-unsafe-compare -- fixed-length digests
  if (a.length !== b.length) return false;
  return crypto.timingSafeEqual(a, b);
}

// An accumulating compare with no early exit.
function xorEquals(a, b) {
  let diff = 0;
  for (let i = 0; i < 64; i++) {
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  // ok: timing-unsafe-compare -- a number, after a loop without exits
  return diff === 0;
}

router.use(async (ctx, next) => {
  const client = await clients.byId(ctx.get('x-client-id'));
  // ok: timing-unsafe-compare -- a presence check
  if (!client) ctx.throw(401);
  const requiredScopes = ['keys:read'];
  if (!arraysEqual(client.scopes.slice(0, 1), requiredScopes)) ctx.throw(403);
  if (!safeCompare(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  if (!secureCompare(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  await next();
});

router.get('/v1/keys', async (ctx) => {
  const token = ctx.get('authorization').split(' ')[1];
  if (!matches(token, process.env.KEYS_READ_TOKEN)) ctx.throw(401);
  if (!sameKey(ctx.get('x-api-key'), process.env.KEYS_API_KEY)) ctx.throw(401);
  ctx.body = [];
});

router.get('/v2/keys', async (ctx) => {
  const client = await clients.byId(ctx.get('x-client-id'));
  if (!verifyApiKey(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  if (!xorEquals(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  if (!constantTimeEquals(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  if (!timingSafeEqual(ctx.get('x-api-key'), client.apiKey)) ctx.throw(401);
  ctx.body = [];
});

app.use(router.routes());
