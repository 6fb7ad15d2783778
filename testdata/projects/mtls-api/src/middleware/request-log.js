'use strict';

// Access log for mtls-api: one JSON line per request on stdout, with a request id that is passed
// back to the caller in `x-request-id`. LOG_LEVEL=debug also prints the incoming headers, which
// partners' load balancers like to rewrite.

const crypto = require('node:crypto');

const DEBUG = (process.env.LOG_LEVEL || 'info') === 'debug';

// Common name of the partner's client certificate, when the socket has one.
function clientName(socket) {
  if (typeof socket.getPeerCertificate !== 'function') {
    return undefined;
  }
  const cert = socket.getPeerCertificate();
  return cert && cert.subject ? cert.subject.CN : undefined;
}

module.exports = () => async (ctx, next) => {
  const requestId = ctx.get('x-request-id') || crypto.randomUUID();
  const started = process.hrtime.bigint();
  ctx.set('x-request-id', requestId);

  if (DEBUG) {
    console.debug(`[${requestId}] ${ctx.method} ${ctx.originalUrl} headers:`, ctx.headers);
  }

  try {
    await next();
  } finally {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(
      JSON.stringify({
        time: new Date().toISOString(),
        requestId,
        method: ctx.method,
        url: ctx.originalUrl,
        status: ctx.status,
        durationMs: Math.round(durationMs * 10) / 10,
        client: clientName(ctx.req.socket),
        userAgent: ctx.get('user-agent'),
      }),
    );
  }
};
