// A forum API in Koa: its clients send the user's access token as `accesstoken` (one word), and
// the CSRF middleware accepts the token from the query as a fallback.
const Koa = require('koa');
const rp = require('request-promise');

const app = new Koa();

app.use(async function tokenRequired(ctx, next) {
  let token = '';
  if (ctx.headers.authorization && ctx.headers.authorization.split(' ')[0] === 'Bearer') {
    token = ctx.headers.authorization.split(' ')[1];
  // expect: key-in-query
  } else if (ctx.query.accesstoken) {
    // ok: key-in-query -- the same parameter, already reported where it is first read
    token = ctx.query.accesstoken;
  }
  ctx.state.token = token;
  await next();
});

app.use(async function csrfCheck(ctx, next) {
  const bodyToken = ctx.request.body && ctx.request.body._csrf;
  // expect: key-in-query
  const queryToken = !bodyToken && ctx.query ? ctx.query._csrf : false;
  ctx.state.csrf = bodyToken || queryToken;
  await next();
});

app.use(async function listing(ctx) {
  // ok: key-in-query
  const accessible = ctx.query.accessible === 'true';
  // ok: key-in-query
  const tab = ctx.query.tab || 'all';
  ctx.body = { accessible, tab };
});

// Share links: the token in the URL is the link itself, handed out on purpose.
const Router = require('@koa/router');
const router = new Router();
router.get('/shared/:docId', async (ctx) => {
  // ok: key-in-query
  const token = ctx.query.token;
  ctx.body = await loadShared(ctx.params.docId, token);
});
function shareUrl(doc) {
  // ok: key-in-query
  return `https://docs.example.test/shared/${doc.id}?token=${doc.shareToken}`;
}
router.get('/export', async (ctx) => {
  // expect: key-in-query
  const token = ctx.query.token;
  ctx.body = await exportAll(token);
});
app.use(router.routes());

async function exchange(provider, form) {
  const options = { method: 'GET', uri: provider.token_url, qs: { appid: form.client_id } };
  // expect: key-in-query
  options.qs.secret = form.client_secret;
  // ok: key-in-query
  options.qs.page = 2;
  return rp(options);
}

module.exports = { app, exchange, shareUrl };
