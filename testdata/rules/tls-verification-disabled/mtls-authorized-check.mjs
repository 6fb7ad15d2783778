// The documented mTLS pattern (see the Node.js tls docs): the listener asks
// for a client certificate but does not fail the handshake, so the service
// can answer 401 with a JSON body. Every request is checked against
// `.authorized` below, which makes `requestCert: true, rejectUnauthorized:
// false` on this file's listeners correct. Clients in this file are not
// covered by that check.
import fs from 'node:fs';
import https from 'node:https';
import Koa from 'koa';
import Router from '@koa/router';
import axios from 'axios';

const CERT_DIR = process.env.CERT_DIR ?? '/etc/keys-api/tls';
const pem = (name) => fs.readFileSync(`${CERT_DIR}/${name}`);

const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  if (!ctx.req.client.authorized) {
    ctx.status = 401;
    ctx.body = { error: 'client certificate required' };
    return;
  }
  const peer = ctx.socket.getPeerCertificate();
  ctx.state.clientId = peer.subject.CN;
  await next();
});

router.get('/keys/:id', async (ctx) => {
  ctx.body = { id: ctx.params.id, owner: ctx.state.clientId };
});

app.use(router.routes());

const serverOptions = {
  key: pem('server.key'),
  cert: pem('server.crt'),
  ca: pem('clients-ca.crt'),
  requestCert: true,
  // ok: tls-verification-disabled
  rejectUnauthorized: false,
};

https.createServer(serverOptions, app.callback()).listen(8443);

// Admin listener: same pattern, checked per request with ctx.socket.
const admin = new Koa();
admin.use(async (ctx, next) => {
  ctx.assert(ctx.socket.authorized, 401, 'client certificate required');
  await next();
});

https
  .createServer(
    {
      key: pem('admin.key'),
      cert: pem('admin.crt'),
      ca: pem('admins-ca.crt'),
      requestCert: true,
      // ok: tls-verification-disabled
      rejectUnauthorized: false,
    },
    admin.callback(),
  )
  .listen(9443);

// Health listener: no client certificates and verification stays on.
https
  .createServer(
    {
      key: pem('health.key'),
      cert: pem('health.crt'),
      // ok: tls-verification-disabled
      rejectUnauthorized: true,
    },
    (req, res) => res.end('ok'),
  )
  .listen(8081);

// The audit sink is an outbound client, not a listener that checks
// `.authorized`: turning verification off here is still a finding.
const audit = axios.create({
  baseURL: 'https://audit.internal:8443',
  httpsAgent: new https.Agent({
    cert: pem('audit-client.crt'),
    key: pem('audit-client.key'),
    // expect: tls-verification-disabled
    rejectUnauthorized: false,
  }),
});

export async function recordAccess(ctx) {
  await audit.post('/events', { clientId: ctx.state.clientId, path: ctx.path });
}

// ok: tls-verification-disabled
export const MTLS_NOTE = 'requestCert: true, rejectUnauthorized: false + ctx.req.client.authorized';

export { app, admin };
