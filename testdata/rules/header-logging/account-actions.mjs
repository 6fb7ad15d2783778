// Account pages of the keys portal. The router module mounts these actions
// (router.get('/account', account.show), …); nothing in this file registers them.
import pino from 'pino';

const log = pino({ level: process.env.LOG_LEVEL || 'info' });

export async function show(ctx) {
  // expect: header-logging -- an action mounted elsewhere: its parameter is Koa's context
  log.debug({ headers: ctx.request.headers }, 'account page');
  ctx.body = { user: ctx.state.user.id };
}

export async function rotate(context) {
  const presented = context.get('x-api-key');
  if (!presented) context.throw(401, 'key required');
  // expect: header-logging -- the presented key, in an action that throws Koa's HTTP errors
  log.info({ presented }, 'rotating key');
  context.status = 204;
}

export default class SessionActions {
  async destroy(ctx) {
    // expect: header-logging -- a method of an exported class, used as Koa's context
    console.log('sign-out', ctx);
    ctx.session = null;
    ctx.status = 204;
  }
}

// A canvas drawing context shares the name but is never answered or thrown through.
export function drawBadge(ctx) {
  ctx.fillStyle = '#0a0';
  ctx.fillRect(0, 0, 16, 16);
  // ok: header-logging -- not Koa's context: nothing marks it as one
  console.debug('badge drawn on', ctx);
}

// A response-shaped helper under another name is not taken for the context.
export function reply(res) {
  res.status = 200;
  // ok: header-logging -- `res` is not how Koa names its context
  console.debug('replying', res);
}
