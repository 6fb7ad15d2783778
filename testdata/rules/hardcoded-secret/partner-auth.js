// Outbound authentication to partner APIs: the OAuth client credentials the
// keys API uses to call each partner back. Values reach the secret-named
// bindings through constants and aliases, which is where they are reported.
const Router = require('@koa/router');
const { fetchToken } = require('./oauth');

// ok: hardcoded-secret -- a build id is not a credential and never becomes one
const BUILD_ID = 'lpOppYO0Jh0G1QGP';

// expect: hardcoded-secret
const DEFAULT = 'yAj5uYiDywOsUFnGyNlbO8I0Jsw17pGF';
const clientSecret = DEFAULT;

// expect: hardcoded-secret
const FALLBACK = '1z02eaa90qrFkGFeHrmO';
const apiKey = process.env.PARTNER_CALLBACK_API_KEY || FALLBACK;

// ok: hardcoded-secret -- a header name; `TOKEN_HEADER` is about the token
const TOKEN_HEADER = 'x-auth-token';

// ok: hardcoded-secret -- shadowed below: the `label` that reaches `password` is the parameter
const label = 'byvchhzGWG3DvT811dDkPXQa';

// expect: hardcoded-secret
const seed = 'JNuglCGu6H70FopfQ2w';

function basicAuth(label) {
  const password = label;
  return 'Basic ' + Buffer.from(`keys-api:${password}`).toString('base64');
}

function seededCredentials() {
  const credentials = seed;
  return { username: 'keys-api', credentials };
}

let refreshToken;
function resetRefreshToken() {
  // expect: hardcoded-secret
  refreshToken = 'Qb3O2UpWN9J+IsAJQRSae2Ip';
}

async function partnerHeaders(partner) {
  const token = await fetchToken(partner.tokenUrl, { clientId: partner.clientId, clientSecret });
  return {
    [TOKEN_HEADER]: token,
    'x-api-key': apiKey,
    'x-build-id': BUILD_ID,
  };
}

const router = new Router();

router.post('/v1/partners/:id/ping', async (ctx) => {
  // A local `clientSecret` that shadows the module's: it comes from the store.
  const { clientSecret } = await ctx.state.partners.secretsFor(ctx.params.id);
  // ok: hardcoded-secret -- the local `apiKey` shadows the module's and holds a fingerprint id
  const apiKey = 'fp:' + ctx.params.id;
  ctx.state.outbound = { clientSecret, apiKey, auth: basicAuth(ctx.params.id) };
  ctx.status = 202;
});

module.exports = { router, partnerHeaders, resetRefreshToken, seededCredentials, label };
