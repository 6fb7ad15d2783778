'use strict';

const pino = require('pino');

const events = pino({ level: process.env.LOG_LEVEL || 'info' });

// Given the request's context, logs all of its headers.
exports.inspectRequest = function inspectRequest(c) {
  events.debug({ headers: c.headers, url: c.url }, 'request');
};

// Given the request's context, logs what identifies the request only.
exports.describeRequest = function describeRequest(c) {
  events.info({ method: c.method, path: c.path, id: c.get('x-request-id') }, 'request');
};
