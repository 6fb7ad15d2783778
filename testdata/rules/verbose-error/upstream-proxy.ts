// Routes that proxy to the ledger and the KYC provider with the service's own
// keys. When the upstream fails, axios and got errors carry the outbound
// request — its headers hold LEDGER_API_KEY and the KYC bearer token.
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import axios, { AxiosError } from 'axios';
import got, { HTTPError } from 'got';

export const router = new Router({ prefix: '/v1' });

const ledger = axios.create({
  baseURL: process.env.LEDGER_URL,
  headers: { 'x-api-key': process.env.LEDGER_API_KEY ?? '' },
  timeout: 5000,
});

router.get('/accounts/:id/balance', async (ctx: RouterContext) => {
  try {
    const { data } = await ledger.get(`/accounts/${ctx.params.id}/balance`);
    ctx.body = data;
  } catch (err) {
    ctx.status = 502;
    // expect: verbose-error -- err.config.headers holds the ledger key
    ctx.body = { error: 'ledger unavailable', upstream: (err as AxiosError).config };
  }
});

router.post('/transfers', async (ctx: RouterContext) => {
  try {
    const { data } = await ledger.post('/transfers', ctx.request.body);
    ctx.status = 201;
    ctx.body = data;
  } catch (e) {
    const err = e as AxiosError;
    ctx.status = err.response?.status ?? 502;
    // expect: verbose-error -- the response's config is the request that carried the key
    ctx.body = { error: 'transfer rejected', details: err.response?.data, sent: err.response?.config };
  }
});

router.get('/accounts/:id/statements', async (ctx: RouterContext) => {
  try {
    const res = await ledger.get(`/accounts/${ctx.params.id}/statements`);
    ctx.body = res.data;
  } catch (err: any) {
    ctx.status = 502;
    // expect: verbose-error -- err.request is the ClientRequest, headers included
    ctx.body = { error: 'ledger unavailable', request: err.request };
  }
});

router.post('/kyc/checks', async (ctx: RouterContext) => {
  const kycToken = process.env.KYC_API_TOKEN as string;
  try {
    ctx.body = await got
      .post(`${process.env.KYC_URL}/checks`, {
        json: ctx.request.body,
        headers: { authorization: `Bearer ${kycToken}` },
      })
      .json();
  } catch (err) {
    ctx.status = 502;
    // expect: verbose-error -- the service's own KYC token in the error body
    ctx.body = { error: 'kyc provider failed', using: `Bearer ${kycToken}` };
  }
});

router.get('/kyc/checks/:id', async (ctx: RouterContext) => {
  try {
    ctx.body = await got(`${process.env.KYC_URL}/checks/${ctx.params.id}`, {
      headers: { authorization: `Bearer ${process.env.KYC_API_TOKEN}` },
    }).json();
  } catch (err) {
    ctx.status = (err as HTTPError).response?.statusCode ?? 502;
    // expect: verbose-error -- the stack of a got error, to the caller
    ctx.body = { error: 'kyc provider failed', trace: (err as Error).stack };
  }
});

// A promise chain instead of try/catch: the `.catch` callback's parameter is the error.
router.get('/accounts/:id/holds', (ctx: RouterContext) =>
  ledger
    .get(`/accounts/${ctx.params.id}/holds`)
    .then((res) => {
      // ok: verbose-error -- a success response
      ctx.body = res.data;
    })
    .catch((err: AxiosError) => {
      ctx.status = 502;
      // expect: verbose-error -- the whole error in a .catch callback
      ctx.body = { error: 'ledger unavailable', cause: err };
    }),
);

router.get('/accounts/:id/limits', (ctx: RouterContext) =>
  ledger.get(`/accounts/${ctx.params.id}/limits`).then(
    (res) => {
      ctx.body = res.data;
    },
  ).catch((err: AxiosError) => {
    ctx.status = 502;
    // expect: verbose-error -- JSON.stringify of the error's config, in a .catch callback
    ctx.body = `ledger call failed: ${JSON.stringify(err.config)}`;
  }),
);

// The same routes, done right: status, code and a request id from the upstream
// failure; the details go to the server log without the request config.
router.get('/v2/accounts/:id/balance', async (ctx: RouterContext) => {
  const requestId = ctx.get('x-request-id') || randomUUID();
  try {
    const { data } = await ledger.get(`/accounts/${ctx.params.id}/balance`, {
      headers: { 'x-request-id': requestId },
    });
    ctx.body = data;
  } catch (e) {
    const err = e as AxiosError;
    // ok: verbose-error -- logging, and only the status and code
    console.error('ledger failed', requestId, err.response?.status, err.code);
    ctx.status = 502;
    // ok: verbose-error -- upstream status and error code are not secrets
    ctx.body = { error: 'ledger unavailable', upstreamStatus: err.response?.status, code: err.code, requestId };
  }
});

router.post('/v2/transfers', async (ctx: RouterContext) => {
  const requestId = ctx.get('x-request-id') || randomUUID();
  try {
    const { data } = await ledger.post('/transfers', ctx.request.body);
    ctx.status = 201;
    ctx.body = data;
  } catch (e) {
    const err = e as AxiosError<{ message?: string }>;
    ctx.status = err.response?.status === 422 ? 422 : 502;
    // ok: verbose-error -- the upstream's own validation message, no config
    ctx.body = { error: err.response?.data?.message ?? 'transfer rejected', requestId };
  }
});

router.get('/v2/accounts/:id/holds', (ctx: RouterContext) =>
  ledger
    .get(`/accounts/${ctx.params.id}/holds`)
    .then((res) => {
      ctx.body = res.data;
    })
    .catch((err: AxiosError) => {
      ctx.status = 502;
      // ok: verbose-error -- err.message of an axios error is "Request failed with status code 503"
      ctx.body = { error: err.message, requestId: ctx.state.requestId };
    }),
);

router.post('/v2/kyc/checks', async (ctx: RouterContext) => {
  try {
    ctx.body = await got
      .post(`${process.env.KYC_URL}/checks`, {
        json: ctx.request.body,
        headers: { authorization: `Bearer ${process.env.KYC_API_TOKEN}` },
      })
      .json();
  } catch (err) {
    ctx.status = 502;
    // ok: verbose-error -- the name of the provider, not its token
    ctx.body = { error: 'kyc provider failed', provider: 'kyc', requestId: ctx.state.requestId };
  }
});
