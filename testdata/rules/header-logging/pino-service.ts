// Logging set-up of the keys API: pino for application logs, koa-pino-logger
// for the access logs of the public and admin listeners, and pino-http for the
// raw health and metrics servers.
import type { IncomingMessage } from 'node:http';
import Koa, { type ParameterizedContext } from 'koa';
import Router from '@koa/router';
import pino from 'pino';
import pinoLogger from 'koa-pino-logger';
import pinoHttp from 'pino-http';

interface AppState {
  clientId?: string;
}

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const auditLog = logger.child({ component: 'audit' });

// Request headers are only ever logged through this one: it redacts every
// credential header.
const accessLogger = pino({
  level: 'info',
  redact: [
    'headers.authorization',
    'headers["proxy-authorization"]',
    'headers.cookie',
    'headers["set-cookie"]',
    'headers["x-api-key"]',
    'headers["x-auth-token"]',
    'headers["x-access-token"]',
    'headers["x-csrf-token"]',
    'headers["api-key"]',
    'headers.apikey',
  ],
});

export const app = new Koa<AppState>();
export const admin = new Koa<AppState>();
const router = new Router<AppState>();

// Public listener: koa-pino-logger with the credential headers redacted.
app.use(
  // ok: header-logging
  pinoLogger({
    level: 'info',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["proxy-authorization"]',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'req.headers["x-auth-token"]',
        'req.headers["x-access-token"]',
        'req.headers["x-csrf-token"]',
        'req.headers["api-key"]',
        'req.headers.apikey',
        'res.headers["set-cookie"]',
      ],
      censor: '[REDACTED]',
    },
  }),
);

// Admin listener: the quick-start configuration, which writes every request
// header of every request.
// expect: header-logging
admin.use(pinoLogger({ level: 'debug' }));

// Health server (plain node:http): request lines only.
// ok: header-logging
export const healthHttpLogger = pinoHttp({
  serializers: {
    req: (req: IncomingMessage) => ({ method: req.method, url: req.url }),
  },
});

// Metrics server: options kept in a constant, still without redaction.
const metricsLogOptions = { level: 'warn', quietReqLogger: true };
// expect: header-logging
export const metricsHttpLogger = pinoHttp(metricsLogOptions);

app.use(async (ctx: Koa.Context, next: Koa.Next) => {
  const started = Date.now();
  await next();
  // ok: header-logging
  accessLogger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started }, 'request');
  // ok: header-logging
  accessLogger.info({ headers: ctx.headers }, 'request headers');
  // expect: header-logging
  logger.debug({ headers: ctx.headers }, 'request headers');
  // The redaction covers `headers.*`, not a field called `auth`.
  // expect: header-logging
  accessLogger.info({ auth: ctx.get('authorization') }, 'authorization seen');
});

// Not registered anywhere, but the annotation says what `ctx` is.
function traceRequest(ctx: ParameterizedContext<AppState>): void {
  // expect: header-logging
  auditLog.trace((ctx.request as Koa.Request).header, 'request trace');
}

router.get('/v1/profile', async (ctx: ParameterizedContext<AppState>) => {
  const { headers } = ctx.request;
  // expect: header-logging
  auditLog.info({ clientId: ctx.state.clientId, headers }, 'profile read');
  // ok: header-logging
  auditLog.info({ clientId: ctx.state.clientId, agent: headers['user-agent'] }, 'profile read');
  ctx.body = { clientId: ctx.state.clientId };
});

router.post('/v1/keys/verify', async (ctx: ParameterizedContext<AppState>) => {
  const presented = ctx.headers['x-api-key'] as string;
  const bearer = ctx.headers.authorization!;
  // expect: header-logging
  logger.info(`verifying ${presented}`);
  // expect: header-logging
  logger.trace({ bearer: bearer as string }, 'verifying');
  // ok: header-logging
  logger.info({ presentedLength: presented.length, hasBearer: bearer.length > 0 }, 'verifying');
  if (process.env.TRACE_REQUESTS === '1') {
    traceRequest(ctx);
  }
  ctx.status = 204;
});

async function notifyBilling(clientId: string): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-client-id': clientId };
  // ok: header-logging
  logger.debug({ headers }, 'notifying billing');
  await fetch(`${process.env.BILLING_URL}/v2/usage`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ clientId }),
  });
}

router.post('/v1/usage', async (ctx: ParameterizedContext<AppState>) => {
  await notifyBilling(ctx.state.clientId ?? 'anonymous');
  ctx.status = 202;
});

process.on('uncaughtException', (err) => {
  // ok: header-logging
  logger.fatal({ err }, 'uncaught exception');
  process.exit(1);
});

app.use(router.routes());
