// Key management routes of the keys API. Partners, already authenticated by
// their client certificate and a bearer token, create, rotate and list their
// API keys; operators sign in to the console. New keys are handed over through
// the partner's vault, never in a response body or a log line.
import crypto from 'node:crypto';
import Router, { type RouterContext } from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { logger } from './logger.js';
import { store, type ApiClient } from './store.js';
import { oauth, type TokenGrant } from './oauth.js';
import { vault } from './vault.js';

interface KeyState {
  client: ApiClient;
}

interface LoginBody {
  username: string;
  password: string;
}

// Context of a background rotation job; not a Koa context.
interface JobContext {
  jobId: string;
  attempt: number;
  headers: Record<string, string>;
}

export const router = new Router<KeyState>({ prefix: '/v1/keys' });

const apiKeyHeader = 'x-api-key';
const tokenUrl = `${process.env.OAUTH_ISSUER_URL}/oauth/token`;

// ok: header-logging
logger.info({ apiKeyHeader, tokenUrl }, 'key routes configured');
// ok: header-logging
logger.info('verifying console tokens with %s', process.env.JWT_PUBLIC_KEY);
// expect: header-logging
logger.debug('key encryption secret: %s', process.env.KEY_ENCRYPTION_SECRET);

function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

router.post('/', async (ctx: RouterContext<KeyState>) => {
  const { name, scopes } = ctx.request.body as { name: string; scopes: string[] };
  const apiKey = `ak_live_${crypto.randomBytes(24).toString('base64url')}`;
  const record = await store.createKey(ctx.state.client.id, { name, scopes, hash: sha256(apiKey) });
  await vault.deliver(ctx.state.client.id, record.id, apiKey);
  // expect: header-logging
  logger.info({ client: ctx.state.client.id, name, apiKey }, 'api key created');
  // ok: header-logging
  logger.info({ client: ctx.state.client.id, id: record.id, scopes }, 'api key created');
  ctx.status = 201;
  ctx.body = { id: record.id, delivered: true };
});

router.post('/:id/rotate', async (ctx: RouterContext<KeyState>) => {
  const rotated = await store.rotate(ctx.state.client.id, ctx.params.id);
  await vault.deliver(ctx.state.client.id, ctx.params.id, rotated.clientSecret);
  // expect: header-logging
  logger.info(`rotated ${ctx.params.id}, new client secret ${rotated.clientSecret}`);
  // ok: header-logging
  logger.info(`rotated ${ctx.params.id}, new client secret is ${rotated.clientSecret.length} chars`);
  ctx.body = { id: ctx.params.id, rotatedAt: rotated.rotatedAt };
});

router.get('/', async (ctx: RouterContext<KeyState>) => {
  const items = await store.listKeys(ctx.state.client.id);
  const tokenCount = items.filter((item) => item.kind === 'token').length;
  // ok: header-logging
  logger.info({ client: ctx.state.client.id, total: items.length, tokenCount }, 'listed keys');
  ctx.body = { items: items.map(({ id, name, createdAt }) => ({ id, name, createdAt })) };
});

export async function exchangeToken(ctx: Context): Promise<void> {
  const grant: TokenGrant = await oauth.exchange(ctx.request.body as Record<string, string>);
  const { accessToken, tokenType, expiresIn } = grant;
  // expect: header-logging
  logger.debug({ accessToken, expiresIn }, 'token issued');
  // ok: header-logging
  logger.debug({ tokenType, expiresIn, scope: grant.scope }, 'token issued');
  ctx.body = oauth.responseFor(grant);
}

router.post('/token', exchangeToken);

router.post('/console/login', async (ctx: RouterContext<KeyState>) => {
  const { username, password } = ctx.request.body as LoginBody;
  const passwordLength = password.length;
  const hasToken = ctx.get('authorization').length > 0;
  // ok: header-logging
  logger.info({ username, passwordLength, hasToken }, 'console login attempt');
  // expect: header-logging
  logger.debug({ username, password }, 'console login attempt');
  ctx.status = (await store.checkOperator(username, password)) ? 204 : 401;
});

router.get('/diagnostics/headers', (ctx: RouterContext<KeyState>) => {
  const headers = ctx.headers as Record<string, string | undefined>;
  // expect: header-logging
  logger.debug(headers, 'incoming headers');
  // ok: header-logging
  logger.debug({ requestId: headers['x-request-id'], accept: headers.accept }, 'incoming headers');
  ctx.status = 204;
});

// Not registered anywhere, but the `Context` annotation says what `ctx` is.
export function logRejected(ctx: Context, reason: string): void {
  // expect: header-logging
  logger.warn({ reason, token: ctx.get('X-Access-Token') }, 'request rejected');
  // ok: header-logging
  logger.warn({ reason, path: ctx.path, agent: ctx.get('User-Agent') }, 'request rejected');
}

export function describeJob(ctx: JobContext): void {
  // ok: header-logging
  logger.info({ job: ctx.jobId, attempt: ctx.attempt, headers: ctx.headers }, 'rotation job');
}

export class KeyVerifier {
  constructor(
    private readonly logger: Logger,
    private readonly pepper: Buffer,
  ) {}

  verify(clientId: string, apiKey: string): boolean {
    const expected = store.hashFor(clientId);
    const actual = crypto.createHmac('sha256', this.pepper).update(apiKey).digest();
    if (!expected || expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
      // expect: header-logging
      this.logger.warn(`key mismatch for ${clientId}: got ${apiKey}`);
      return false;
    }
    // ok: header-logging
    this.logger.debug(`key verified for ${clientId}`);
    return true;
  }
}
