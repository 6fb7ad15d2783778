// App-level error reporting: Koa hands the context to 'error' listeners as the second argument.
const Koa = require('koa');
const logger = require('./logger');
const cache = require('./cache');

const app = new Koa();

app.on('error', (err, ctx) => {
  // expect: header-logging
  logger.error({ err, ctx }, 'request failed');
  // ok: header-logging
  logger.error({ err, path: ctx.path, status: ctx.status }, 'request failed');
});

// Not an error listener: the second parameter is not a context.
app.on('listening', (info, extra) => {
  // ok: header-logging
  logger.info({ info, extra }, 'listening');
});

// A cache with a Node-style callback: `err` is not a context, whatever the receiver is.
function warm(key) {
  cache.get(key, (err, value) => {
    // ok: header-logging
    console.log(err.headers, value);
  });
}

// A router-shaped call on a receiver from another file: the callback is a handler.
module.exports = (api) => {
  api.get('/whoami', async (c) => {
    // expect: header-logging
    console.log('caller', c.get('authorization'));
    // ok: header-logging
    console.log('publishable key', process.env.STRIPE_PUBLISHABLE_KEY);
    c.body = { ok: true };
  });
  warm('whoami');
};
