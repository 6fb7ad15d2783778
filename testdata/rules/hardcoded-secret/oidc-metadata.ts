// Discovery metadata and client registration of a small OIDC provider built on Koa, and the
// action types of its admin console's store.
import Koa from 'koa';

export const discovery = {
  issuer: 'https://id.example.test',
  // ok: hardcoded-secret -- an authentication method, an enum value
  token_endpoint_auth_method: 'client_secret_basic',
  // ok: hardcoded-secret
  token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
  // ok: hardcoded-secret -- a JOSE algorithm identifier
  id_token_encrypted_response_alg: 'RSA-OAEP-256',
  // ok: hardcoded-secret -- a JOSE encryption identifier
  id_token_encrypted_response_enc: 'A128CBC-HS256',
};

// ok: hardcoded-secret -- a Redux action type spells its own name
export const FETCH_TOKEN = 'console/clients/FETCH_TOKEN';
// ok: hardcoded-secret
export const ROTATE_SECRET_SUCCESS = 'console/clients/ROTATE_SECRET_SUCCESS';

// ok: hardcoded-secret -- the public sample token of jwt.io, used in the docs' curl example
export const exampleToken =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

export const consoleClient = {
  client_id: 'admin-console',
  // expect: hardcoded-secret
  client_secret: 'Zq4vN8tXw2LmR7pKc9Hs',
  token_endpoint_auth_method: 'client_secret_post',
};

const app = new Koa();
app.use(async (ctx) => {
  // ok: timing-unsafe-compare -- comparing an action type, not a key
  if (ctx.request.body.type === FETCH_TOKEN) {
    ctx.body = { ok: true };
  }
});
export default app;
