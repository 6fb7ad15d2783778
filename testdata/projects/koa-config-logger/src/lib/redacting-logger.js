'use strict';

const pino = require('pino');

// Request trail: the only logger allowed to see request headers, because it
// blanks every credential header before anything is written.
const trail = pino({
  name: 'orders-trail',
  redact: {
    paths: [
      'headers.authorization',
      'headers.cookie',
      'headers["x-api-key"]',
      'headers["proxy-authorization"]',
    ],
    censor: '[redacted]',
  },
});

module.exports = trail;
