// Staff kiosk of the clinic API: a shared passcode unlocks the kiosk and a
// legacy admin password guards the export. Both were meant to be temporary.
import Koa, { type Context } from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { kiosks } from './kiosks.js';

interface UnlockBody {
  kioskId: string;
  passcode: string;
  remember_password?: string;
}

interface Field {
  name: string;
  type: 'text' | 'password' | 'email';
}

const app = new Koa();
const router = new Router({ prefix: '/kiosk' });
app.use(bodyParser());

router.post('/unlock', async (ctx: Context) => {
  const body = ctx.request.body as UnlockBody;
  // expect: timing-unsafe-compare
  if (body.passcode !== '482913') {
    ctx.throw(403, 'wrong passcode');
  }
  // ok: timing-unsafe-compare -- the "remember me" checkbox
  if (body.remember_password === '1') {
    ctx.cookies.set('kiosk', body.kioskId, { signed: true, httpOnly: true });
  }
  ctx.body = await kiosks.unlock(body.kioskId);
});

router.post('/export', async (ctx: Context) => {
  const { password } = ctx.request.body as { password: string };
  // ok: timing-unsafe-compare -- a client that sent the literal null
  if (password === 'null') {
    ctx.throw(400);
  }
  // expect: timing-unsafe-compare
  if (password === 'Cl1nic-Exp0rt') {
    ctx.body = await kiosks.exportAll();
    return;
  }
  ctx.throw(401);
});

export function checkLegacyAdmin(adminPasswd: string): boolean {
  // expect: timing-unsafe-compare
  return adminPasswd === 'root@clinic';
}

export function describe(field: Field, user: { password: string; passwordPolicy: string }) {
  // ok: timing-unsafe-compare -- the field's type
  const masked = field.type === 'password';
  // ok: timing-unsafe-compare -- the mask stored for imported accounts
  const imported = user.password === '**********';
  // ok: timing-unsafe-compare -- the policy's name
  const strict = user.passwordPolicy === 'strict';
  return { masked, imported, strict };
}

export function keyfileMode(args: { passphrase?: string }): 'ask' | 'given' {
  // ok: timing-unsafe-compare -- how to get the passphrase: ask for it
  return args.passphrase === 'interactive' ? 'ask' : 'given';
}

app.use(router.routes());
export default app;
