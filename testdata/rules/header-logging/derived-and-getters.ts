// Device enrolment for the smart-lock API: a device proves itself with a
// passcode shown on its screen, then receives a signing key derived from the
// fleet secret. The gulp-era fancy-log calls survived the move to Koa.
import { createHash, createHmac } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import bcrypt from 'bcryptjs';
import log from 'fancy-log';
import { fleetConfig } from './fleet-config.js';
import { devices } from './devices.js';
import { encrypt } from './envelope.js';

export const router = new Router({ prefix: '/enrol' });

interface EnrolBody {
  serial: string;
  passcode: string;
  ownerPassword: string;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function hashPassword(pw: string): string {
  return createHash('sha256').update(pw).digest('base64');
}

router.post('/', async (ctx: Context) => {
  const body = ctx.request.body as EnrolBody;
  const { passcode } = body;
  // expect: header-logging
  log('enrolling', body.serial, passcode);
  // expect: header-logging
  log.error('fleet secret in use', fleetConfig.getFleetSecret());
  // ok: header-logging -- a getter of the policy, not of a secret
  log.info('passcode rules', fleetConfig.getPasscodePolicy());

  const ownerHash = await bcrypt.hash(body.ownerPassword, 12);
  // ok: header-logging -- the owner's password only as a bcrypt hash
  log.info('owner hash', ownerHash);
  // ok: header-logging -- hashed in the call
  console.log('owner', await bcrypt.hash(body.ownerPassword, 12));

  const password = hashPassword(body.ownerPassword);
  // ok: header-logging -- the local hash function's digest, despite the name
  console.info('owner digest', password);

  const fleetSecret = fleetConfig.secret;
  const signingKey = hmac(fleetSecret, body.serial);
  // expect: header-logging
  console.debug('device key', signingKey);

  const encryptedToken = await encrypt(signingKey.toString('hex'));
  // ok: header-logging -- encrypted for the device
  console.debug('sealed key', encryptedToken);
  ctx.body = await devices.enrol(body.serial, encryptedToken);
});

router.post('/rotate', async (ctx: Context) => {
  const apiKey = ctx.get('x-api-key');
  // expect: header-logging
  console.warn('rotating for', apiKey.valueOf());
  // ok: header-logging -- the last four characters
  console.warn('rotating for key ending', apiKey.slice(-4));
  // ok: header-logging -- a digest of the key
  console.warn('key id', createHash('sha256').update(apiKey).digest('hex'));
  // expect: header-logging
  log.warn('request headers', ctx.request.headers);
  ctx.body = await devices.rotate(apiKey);
});
