// Clients of the payments gateway's upstream services. Keys are supposed to
// come from the secrets manager (see src/secrets.ts); the constants below are
// what is left of the first integration sprint.
import { pbkdf2Sync, scryptSync, randomBytes } from 'node:crypto';
import * as crypto from 'crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import jwt from 'jsonwebtoken';
import { fetch } from 'undici';

export const router = new Router({ prefix: '/upstream' });

// expect: hardcoded-secret
const FX_RATES = 'https://rates.fxhub.io/latest?base=EUR&access_token=4c1fe0a9b27d44e8';
// expect: hardcoded-secret
const SMS_GATEWAY = `https://sms.relaycast.com/send?username=payments&password=Rl4yC4st!22`;
// ok: hardcoded-secret -- the query names an environment variable, not a key
const FX_SANDBOX = 'https://sandbox.fxhub.io/latest?access_token=FXHUB_SANDBOX_TOKEN';
// ok: hardcoded-secret -- a stand-in for the documentation
const FX_DOCS = 'https://rates.fxhub.io/latest?access_token=<your-token>';
// ok: hardcoded-secret -- the key parameter is a currency code, not a credential
const FX_SYMBOLS = 'https://rates.fxhub.io/symbols?key=EUR';
// ok: hardcoded-secret -- no query at all
const SMS_STATUS = 'https://sms.relaycast.com/status';

router.get('/rates', async (ctx: Context) => {
  const res = await fetch(FX_RATES);
  ctx.body = await res.json();
});

router.post('/sms', async (ctx: Context) => {
  const { to, text } = ctx.request.body as { to: string; text: string };
  const res = await fetch(`${SMS_GATEWAY}&to=${encodeURIComponent(to)}&text=${encodeURIComponent(text)}`);
  ctx.status = res.ok ? 202 : 502;
});

router.get('/status', async (ctx: Context) => {
  const res = await fetch(SMS_STATUS);
  ctx.body = { sms: res.ok, sandbox: FX_SANDBOX, docs: FX_DOCS, symbols: FX_SYMBOLS };
});

export function settlementKey(salt: Buffer): Buffer {
  // expect: hardcoded-secret
  return pbkdf2Sync('settlement-batch-2022', salt, 210000, 32, 'sha512');
}

export function refundKey(salt: Buffer): Buffer {
  // expect: hardcoded-secret
  return crypto.scryptSync('refunds', salt, 32);
}

router.post('/vault/open', async (ctx: Context) => {
  const { passphrase } = ctx.request.body as { passphrase: string };
  const salt = randomBytes(16);
  // ok: hardcoded-secret -- the passphrase comes from the request
  const key = scryptSync(passphrase, salt, 32);
  ctx.body = { salt: salt.toString('hex'), check: key.subarray(0, 4).toString('hex') };
});

export class MerchantTokens {
  private secret!: string;
  private ttl!: string;

  configure(ttl: string): void {
    // expect: hardcoded-secret
    this.secret = 'merchantgw';
    this.ttl = ttl;
  }

  issue(merchantId: string): string {
    return jwt.sign({ sub: merchantId }, this.secret, { expiresIn: this.ttl });
  }
}

export class RotatingTokens {
  private secret!: string;

  useLegacy(): void {
    // ok: hardcoded-secret -- written twice in the class: which value signs is unknown
    this.secret = 'legacygw';
  }

  useCurrent(key: string): void {
    this.secret = key;
  }

  issue(merchantId: string): string {
    return jwt.sign({ sub: merchantId }, this.secret);
  }
}
