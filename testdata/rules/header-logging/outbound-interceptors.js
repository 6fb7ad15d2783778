// A Koa BFF that calls its upstream with an axios instance; the interceptors log what goes out
// and what comes back (request configs and responses, not the incoming request's context).
const Koa = require('koa');
const axios = require('axios');

const upstream = axios.create({ baseURL: process.env.UPSTREAM_URL });

upstream.interceptors.request.use(function (config) {
  // ok: header-logging
  console.log('upstream request', config);
  return config;
});

upstream.interceptors.response.use(
  (res) => {
    // ok: header-logging
    console.log('upstream response', res);
    return res;
  },
  (err) => Promise.reject(err),
);

// A plugin for any client instance handed to it: the receiver cannot be resolved here.
function traceClient(client) {
  client.interceptors.response.use(function (res) {
    // ok: header-logging
    console.log('response', res);
    return res;
  });
}
traceClient(upstream);

const app = new Koa();

app.use(async (ctx, next) => {
  await next();
  // expect: header-logging
  console.log('served', ctx);
});

app.use(async (ctx) => {
  const { data } = await upstream.get('/accounts', { params: { id: ctx.query.id } });
  ctx.body = data;
});

module.exports = app;
