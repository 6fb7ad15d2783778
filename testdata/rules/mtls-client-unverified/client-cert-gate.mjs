// The documented mTLS pattern, done right. The listener asks for a client
// certificate but lets the handshake finish (`rejectUnauthorized: false`) so
// that the service can answer a JSON 401 instead of a dropped connection; the
// first middleware checks `authorized` on every request. Handlers behind it can
// take the partner's identity from the certificate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';
import axios from 'axios';

import { keyStore } from './key-store.mjs';

const dir = process.env.TLS_DIR ?? '/etc/keys-api/tls';
const pem = (name) => fs.readFileSync(`${dir}/${name}`);

const app = new Koa();
const router = new Router();

// The gate.
export async function requireVerifiedClient(ctx, next) {
  const socket = ctx.req.socket;
  if (!socket.authorized) {
    ctx.status = 401;
    ctx.body = { error: 'client certificate required', reason: socket.authorizationError };
    return;
  }
  await next();
}
app.use(requireVerifiedClient);

// Identity behind the gate.
app.use(async (ctx, next) => {
  const cert = ctx.socket.getPeerCertificate();
  // ok: mtls-client-unverified -- the gate middleware checked authorized
  ctx.state.partnerId = cert.subject.CN;
  // ok: mtls-client-unverified -- same certificate, behind the gate
  ctx.state.pin = cert.fingerprint256;
  await next();
});

// A handler that also checks for itself before reading.
router.get('/keys', async (ctx) => {
  if (!ctx.req.client.authorized) ctx.throw(401);
  // ok: mtls-client-unverified -- checked on the line above
  const { subject } = ctx.req.client.getPeerCertificate();
  ctx.body = await keyStore.listFor(subject.CN);
});

// ctx.assert on the socket, then the serial number.
router.post('/keys', async (ctx) => {
  ctx.assert(ctx.socket.authorized, 401, 'client certificate required');
  // ok: mtls-client-unverified -- asserted on the line above
  const serial = ctx.request.socket.getPeerCertificate().serialNumber;
  ctx.status = 201;
  ctx.body = await keyStore.create({ serial, label: ctx.request.body?.label });
});

// The check in the handler encloses the callback that reads the certificate.
router.delete('/keys/:id', async (ctx) => {
  const verified = ctx.req.client.authorized;
  if (!verified) ctx.throw(401);
  await keyStore.withLock(ctx.params.id, async () => {
    // ok: mtls-client-unverified -- the enclosing handler checked authorized
    const pin = crypto.createHash('sha256').update(ctx.socket.getPeerCertificate(true).raw).digest('hex');
    await keyStore.revoke(ctx.params.id, pin);
  });
  ctx.status = 204;
});

// A factory whose middlewares run behind the gate.
export function allowOrganisations(orgs) {
  return async (ctx, next) => {
    // ok: mtls-client-unverified -- behind the gate
    if (!orgs.includes(ctx.socket.getPeerCertificate().subject.O)) ctx.throw(403);
    await next();
  };
}

app.use(router.routes()).use(router.allowedMethods());

https
  .createServer(
    {
      key: pem('server.key'),
      cert: pem('server.crt'),
      ca: pem('partners-ca.crt'),
      requestCert: true,
      // ok: mtls-client-unverified -- the documented pattern: the file checks authorized
      rejectUnauthorized: false,
    },
    app.callback(),
  )
  .listen(8443);

// An outbound client in the same file is not covered by the gate.
export const audit = axios.create({
  baseURL: 'https://audit.internal:8443',
  httpsAgent: new https.Agent({
    ca: pem('internal-ca.crt'),
    // expect: tls-verification-disabled -- client-side, not mtls-client-unverified
    rejectUnauthorized: false,
  }),
});

export { app };
