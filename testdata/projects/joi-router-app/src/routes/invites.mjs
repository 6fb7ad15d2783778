import crypto from 'node:crypto';
import createRouter from 'koa-joi-router';
import jwt from 'jsonwebtoken';
import config from '../config.cjs';
import { resetKey, resetTtl } from '../lib/keys.mjs';
import activity from '../lib/activity.mjs';
import { adminKeyMatches, sameDigest } from '../lib/match.mjs';

const { Joi } = createRouter;
const router = createRouter();

function signLink(teamId, email) {
  const payload = `${teamId}:${email}:${Date.now()}`;
  // expect: hardcoded-secret
  const mac = crypto.createHmac('sha256', config.invites.linkPhrase).update(payload).digest('base64url');
  return `${config.publicUrl}/join?p=${encodeURIComponent(payload)}&mac=${mac}`;
}

async function requireAdmin(ctx, next) {
  // expect: timing-unsafe-compare
  if (!adminKeyMatches(ctx.get('x-api-key'), process.env.INVITES_ADMIN_KEY)) {
    // expect: header-logging
    activity.warn({ event: 'admin_denied', headers: ctx.headers });
    ctx.throw(401, 'admin key required');
  }
  await next();
}

router.route({
  method: 'post',
  path: '/teams/:teamId/invites',
  validate: {
    type: 'json',
    params: { teamId: Joi.string().required() },
    body: { email: Joi.string().email().required() },
  },
  handler: async (ctx) => {
    const link = signLink(ctx.params.teamId, ctx.request.body.email);
    // ok: header-logging -- method, path and the team only
    activity.info({ event: 'invite_created', method: ctx.method, path: ctx.path, team: ctx.params.teamId });
    ctx.status = 201;
    ctx.body = { link };
  },
});

router.route([
  {
    method: 'post',
    path: '/password-resets',
    validate: { type: 'json', body: { userId: Joi.string().required() } },
    handler: async (ctx) => {
      // expect: hardcoded-secret
      const token = jwt.sign({ sub: ctx.request.body.userId, purpose: 'reset' }, resetKey, { expiresIn: resetTtl });
      ctx.body = { token };
    },
  },
  {
    method: 'get',
    path: '/admin/invites',
    handler: [
      requireAdmin,
      async (ctx) => {
        // ok: hardcoded-secret -- the admin token key comes from the environment
        const claims = jwt.verify(ctx.get('x-admin-token'), config.admin.tokenKey);
        ctx.body = { operator: claims.sub, invites: [] };
      },
    ],
  },
  {
    method: 'get',
    path: '/admin/export',
    handler: async (ctx) => {
      // ok: timing-unsafe-compare -- sameDigest hashes, then timingSafeEqual
      if (!sameDigest(ctx.get('x-api-key'), process.env.INVITES_ADMIN_KEY)) {
        ctx.throw(401);
      }
      // ok: timing-unsafe-compare -- the export format is not a secret
      const csv = adminKeyMatches(ctx.query.format, 'csv');
      ctx.body = { format: csv ? 'csv' : 'json' };
    },
  },
]);

export default router;
