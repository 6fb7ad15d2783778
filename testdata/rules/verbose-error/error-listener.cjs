// App-level 'error' listeners of the webhook relay. Koa calls them with the
// error and the context; the relay's author used them to shape the response
// of errors that middleware did not catch.
'use strict';

const { randomUUID } = require('node:crypto');
const util = require('node:util');
const Koa = require('koa');

const relay = new Koa();

relay.on('error', (err, ctx) => {
  // ok: verbose-error -- the stack to the server log is logging, not a response
  console.error('relay error', err.stack);
  if (!ctx || ctx.headerSent) return;
  ctx.status = err.status || 500;
  ctx.type = 'json';
  // expect: verbose-error -- the error listener puts the stack into the body
  ctx.body = { message: err.message, stack: err.stack };
});

const outbox = new Koa();

outbox.on('error', (error, context) => {
  // The parameters have other names: still the error and the context.
  context.status = 502;
  // expect: verbose-error -- util.inspect of the error in the body
  context.body = `delivery failed:\n${util.inspect(error)}`;
});

const signer = new Koa();

signer.on('error', async (err, ctx) => {
  const signingKey = process.env.RELAY_SIGNING_KEY;
  ctx.status = 500;
  // expect: verbose-error -- the relay's own signing key, next to the error
  ctx.body = { error: err.message, signedWith: signingKey };
});

const deliveries = new Koa();

deliveries.on('error', (err, ctx) => {
  ctx.status = 502;
  // expect: verbose-error -- the target's config of a failed axios delivery
  ctx.body = { error: 'delivery failed', target: err.config };
});

// The fixed listeners: log, then answer with a request id.
const current = new Koa();

current.on('error', (err, ctx) => {
  const requestId = (ctx && ctx.state.requestId) || randomUUID();
  // ok: verbose-error, header-logging -- the stack to the server log; `ctx && …` is never the context itself
  console.error(requestId, err.stack);
  if (!ctx || ctx.headerSent) return;
  ctx.status = err.status || 500;
  // ok: verbose-error -- err.expose is Koa's own "safe to show" flag; requestId is not the context
  ctx.body = { error: err.expose ? err.message : 'internal error', requestId };
});

current.on('error', (err, ctx) => {
  if (!ctx) return;
  // ok: verbose-error -- status and code only
  ctx.body = { status: err.status, code: err.code, requestId: ctx.state.requestId };
});

// Not an error listener: a Node-style callback whose `err` is not the
// request's error, and whose second parameter is not a context.
function readSecretFile(fs, path) {
  fs.readFile(path, 'utf8', (err, contents) => {
    if (err) {
      // ok: verbose-error -- logging, and no response
      console.error('cannot read', path, err.stack);
      return;
    }
    current.emit('secrets-loaded', contents.length);
  });
}

// A 'listening' handler has no request at all.
relay.on('listening', (info) => {
  // ok: verbose-error -- not an error response
  console.log('relay listening', info);
});

module.exports = { relay, outbox, signer, deliveries, current, readSecretFile };
