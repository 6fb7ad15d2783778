'use strict';

var util = require('util');

// Writes a timestamped line to stderr; `obj` is expanded with util.inspect.
exports.trace = function (msg, obj) {
  console.error(new Date().toISOString(), msg, util.inspect(obj, { depth: 4, breakLength: Infinity }));
};

// Written in 2015; still guarding the teller endpoints.
exports.sameString = function (a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  }
  return true;
};
