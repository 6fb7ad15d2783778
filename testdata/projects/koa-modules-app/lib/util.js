'use strict';

const util = require('util');

exports.note = function note(message, detail) {
  console.error(message, detail);
};

exports.noteJson = function noteJson(message, detail) {
  console.error(message + ': ' + JSON.stringify(detail));
};

exports.stamp = function stamp(message, detail) {
  process.stderr.write(`${new Date().toISOString()} ${message} ${util.inspect(detail, { depth: 3 })}\n`);
};

exports.count = function count(message, list) {
  console.error(message, list.length);
};
