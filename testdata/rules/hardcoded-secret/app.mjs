// The partner portal: a Koa app with signed session cookies kept in Redis.
// Cookie signing keys should come from PORTAL_COOKIE_KEYS; the literals here
// are the ones this file grew over time.
import Koa from 'koa';
import session from 'koa-session';
import redisStore from 'koa-redis';
import Router from '@koa/router';
import { routes } from './routes.mjs';

// expect: hardcoded-secret
const SESSION_SECRET = 'Fbe0dQAxHOHW9vqJsc4w';

export const app = new Koa({
  proxy: true,
  keys: [
    // expect: hardcoded-secret
    'yx9A0Q21OzApku4Ul5hV',
    // expect: hardcoded-secret
    'pvBKE5bUKjUUkhtC',
  ],
});

// Rotation: the new key first, the old one kept so existing cookies verify.
// The first entry is a constant declared above; it is reported there.
app.keys = [
  SESSION_SECRET,
  // expect: hardcoded-secret
  process.env.PORTAL_COOKIE_KEY ?? 'Fac5JN7jOM5GmnhIBNUF',
];

const store = redisStore({
  host: process.env.REDIS_HOST || '127.0.0.1',
  port: 6379,
  // expect: hardcoded-secret
  password: process.env.REDIS_PASSWORD || 'OV7UlEIPcWNPa1iXGBo0KVg8',
  db: 2,
});

app.use(
  session(
    {
      // ok: hardcoded-secret -- koa-session's `key` is the cookie's name, not a secret
      key: 'portal.sid',
      maxAge: 8 * 60 * 60 * 1000,
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      signed: true,
      store,
      // ok: hardcoded-secret -- the Redis key prefix; `prefix` is not a secret name
      prefix: 'portal:sess:',
    },
    app,
  ),
);

const router = new Router();
routes(router);
app.use(router.routes()).use(router.allowedMethods());

// A second, internal-only app for health checks; its cookies are never read.
export const healthApp = new Koa();
// The koa-session README's example: weak, and still the key that signs these cookies.
// expect: hardcoded-secret
healthApp.keys = ['keyboard cat'];
// ok: hardcoded-secret -- not followed yet: a key added with `push` (a known gap, on the page)
healthApp.keys.push('shhhh');

healthApp.use(async (ctx) => {
  ctx.body = { status: 'ok' };
});
