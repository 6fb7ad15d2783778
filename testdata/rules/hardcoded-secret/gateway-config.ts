// Typed configuration of the mTLS gateway in front of the keys API, and the
// helpers that connect it to its upstreams. Values are read from the
// environment by `GatewayConfig.fromEnv()`; the defaults are for local runs.
import { createPool, type Pool } from 'mysql2/promise';
import { createClient, type RedisClientType } from 'redis';

export interface UpstreamOptions {
  url: string;
  apiKey?: string;
  timeoutMs?: number;
}

export class GatewayConfig {
  readonly listenPort: number = 8443;
  readonly tokenIssuer: string = 'https://gateway.partner-bank.io/';
  // ok: hardcoded-secret -- the token scheme; `tokenType` is about the token
  readonly tokenType: 'Bearer' | 'DPoP' = 'Bearer';
  // ok: hardcoded-secret -- `isSecret` is a flag about a secret; `'never'` is not a credential
  isSecret: 'always' | 'never' = 'never';
  // expect: hardcoded-secret
  private readonly clientSecret: string = 'PT5Oej0sfOJZs0S4jZMxAwTdcoy5OYWg';
  // expect: hardcoded-secret
  apiKey2: string = 'fX8yVXOvHDJRbN6t';
  // expect: hardcoded-secret
  static MASTER_KEY: string = 'XEY9YnCSMcgZIkFIoPVR';
  // ok: hardcoded-secret -- the default means "not configured"; `fromEnv` fills it in
  sessionKey: string = '';
  // ok: hardcoded-secret -- the start-up check rejects this placeholder
  signingKey: string = 'REPLACE_ME';
  // ok: hardcoded-secret -- a header name, not a key
  apiKeyHeader: string = 'X-Gateway-Api-Key';

  constructor(
    readonly upstreamUrl: string,
    // expect: hardcoded-secret
    private readonly upstreamToken: string = 'aH9GLGqUXT2nOGlqL2Bu',
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
    const config = new GatewayConfig(env.UPSTREAM_URL ?? 'http://localhost:9000', env.UPSTREAM_TOKEN);
    config.sessionKey = env.GATEWAY_SESSION_KEY ?? '';
    // ok: hardcoded-secret -- an environment variable's name
    config.signingKey = env.GATEWAY_SIGNING_KEY ?? 'GATEWAY_SIGNING_KEY';
    return config;
  }
}

// expect: hardcoded-secret
export async function connectDb(password: string = 'correcthorsebatterystaple'): Promise<Pool> {
  return createPool({ host: process.env.DB_HOST, user: 'gateway', password, database: 'gateway' });
}

export async function connectCache({
  url = process.env.REDIS_URL ?? 'redis://localhost:6379',
  // expect: hardcoded-secret
  password = '6vOMcENc8sxSaCFBBLKY',
}: { url?: string; password?: string } = {}): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url, password });
  await client.connect();
  return client;
}

export function upstream(options: UpstreamOptions) {
  // expect: hardcoded-secret
  const { url, apiKey = 'fxIH2lC11xTfGKiG', timeoutMs = 3000 } = options;
  return { url, timeoutMs, headers: { 'x-api-key': apiKey } };
}

export function describeLimits(options: { passwordLength?: number }) {
  // ok: hardcoded-secret -- a message with spaces, not a credential
  const passwordPolicy: string = 'at least 16 characters, one digit';
  return { passwordLength: options.passwordLength ?? 16, passwordPolicy };
}

export type Credentials = {
  username: string;
  password: string;
};

// ok: hardcoded-secret -- `credentials` here holds a username alone; only the name looks secret
export const demoCredentials: Pick<Credentials, 'username'> = { username: 'demo-operator' };

// expect: hardcoded-secret
export const SERVICE_CREDENTIALS: Credentials = { username: 'gateway', password: 'mTXOVOgkJwuNMFfktzMT' };
