// Admin and export routes that reach the query through aliases, and code
// nearby whose `query` or `ctx` is something else: a saved search, a job's
// parameters, an Elasticsearch body.
const Koa = require('koa');
const Router = require('@koa/router');
const { searches } = require('./searches');
const { jobs } = require('./jobs');
const { operators } = require('./operators');

const app = new Koa();
const router = new Router();

router.get('/admin/export', async (ctx) => {
  const q = ctx.query;
  // expect: key-in-query -- `q` is the request's query
  const secret = q.secret;
  // ok: key-in-query -- the same alias, an ordinary parameter
  const format = q.format;
  const operator = await operators.bySecret(secret);
  if (!operator) ctx.throw(401);
  ctx.body = await jobs.export(operator.id, format);
});

router.get('/admin/jobs', async (ctx) => {
  const { query } = ctx;
  // expect: key-in-query -- destructured from the context, still the request's query
  const operator = await operators.byToken(query.token);
  if (!operator) ctx.throw(401);
  // ok: key-in-query -- a status filter
  ctx.body = await jobs.list({ status: query.status });
});

router.post('/admin/jobs/:id/retry', async (ctx) => {
  const req = ctx.request;
  // expect: key-in-query -- `req` is the Koa request
  const { password } = req.query;
  if (!(await operators.checkPassword(ctx.get('x-operator-id'), password))) ctx.throw(401);
  await jobs.retry(ctx.params.id);
  ctx.status = 202;
});

// Middleware that destructures the context it is given.
app.use(async ({ query, state }, next) => {
  // expect: key-in-query -- the first parameter is the context, destructured
  if (query.auth_token) state.legacyAuth = true;
  await next();
});

// Saved searches: `query` here is a stored object, not the request's.
router.get('/searches/:id', async (ctx) => {
  const query = await searches.byId(ctx.params.id);
  // ok: key-in-query -- a saved search's sort key
  const sortBy = query.key;
  // ok: key-in-query -- a field of a stored search, not of the request
  const shared = query.token ? 'shared' : 'private';
  ctx.body = { sortBy, shared, results: await searches.run(query) };
});

// Shadowing: the alias `q` of the outer handler is replaced in an inner block.
router.get('/admin/audit', async (ctx) => {
  const q = ctx.query;
  // ok: key-in-query -- the event type
  const type = q.type;
  {
    const q = await searches.defaults('audit');
    // ok: key-in-query -- the inner `q` shadows the request's query
    ctx.state.defaultKey = q.key;
  }
  // expect: key-in-query -- after the block, `q` is the request's query again
  const operator = await operators.byKey(q.key);
  ctx.body = await jobs.audit(operator, type);
});

// The job runner keeps its own `ctx`, built from a job's parameters.
async function runJob(job) {
  const ctx = { query: job.params, attempt: job.attempt };
  // ok: key-in-query -- not a Koa context: a job's parameters
  const target = ctx.query.token;
  return jobs.run(job.name, target, ctx.attempt);
}

// A callback parameter named `ctx` inside a handler is not the request.
router.get('/admin/jobs/tokens', async (ctx) => {
  const recent = await jobs.recent(20);
  // ok: key-in-query -- each `ctx` here is a stored job context
  ctx.body = recent.map((ctx) => ({ id: ctx.id, hasToken: Boolean(ctx.query.token) }));
});

// An Elasticsearch request body has a `query` too.
function searchBody(term) {
  const body = { query: { match: { key: term } } };
  // ok: key-in-query -- an Elasticsearch query, not a URL
  return { index: 'audit', body, key: body.query.match.key };
}

// A handler whose context is called `koaCtx` reads the API key the old way.
router.get('/admin/metrics', async function metrics(koaCtx) {
  // expect: key-in-query
  const apiKey = koaCtx.request.query.apiKey;
  if (!(await operators.byKey(apiKey))) koaCtx.throw(401);
  koaCtx.body = await jobs.metrics();
});

app.use(router.routes());
module.exports = { app, runJob, searchBody };
