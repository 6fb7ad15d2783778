// Operator console: the listener in this file requires a client certificate
// signed by the operators' CA and leaves `rejectUnauthorized` at its default,
// so the TLS handshake already fails for any client that did not verify. Every
// request that reaches a handler carries a verified certificate, and reading
// its subject needs no further check.
import fs from 'node:fs';
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';

import { operators } from './operators.js';

const app = new Koa();
const router = new Router({ prefix: '/console' });

app.use(async (ctx, next) => {
  // ok: mtls-client-unverified -- the handshake rejects unverified clients
  ctx.state.operator = ctx.socket.getPeerCertificate().subject.CN;
  await next();
});

router.get('/keys', async (ctx) => {
  const peer = ctx.req.socket.getPeerCertificate();
  // ok: mtls-client-unverified -- verified at the handshake
  ctx.body = await operators.keysVisibleTo(peer.fingerprint256);
});

router.post('/keys/:id/disable', async (ctx) => {
  // ok: mtls-client-unverified -- verified at the handshake
  const { subject, serialNumber } = ctx.req.client.getPeerCertificate();
  await operators.disableKey(ctx.params.id, { by: subject.CN, serial: serialNumber });
  ctx.status = 204;
});

export default async function operatorTeam(ctx, next) {
  // ok: mtls-client-unverified -- verified at the handshake
  ctx.state.team = ctx.request.socket.getPeerCertificate().subject.OU;
  await next();
}

app.use(operatorTeam);
app.use(router.routes());

https
  .createServer(
    {
      key: fs.readFileSync('/etc/console/tls/server.key'),
      cert: fs.readFileSync('/etc/console/tls/server.crt'),
      ca: fs.readFileSync('/etc/console/tls/operators-ca.crt'),
      // ok: mtls-client-unverified -- rejectUnauthorized omitted: the default rejects
      requestCert: true,
    },
    app.callback(),
  )
  .listen(9443);
