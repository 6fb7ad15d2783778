'use strict';

const crypto = require('crypto');

// First version, still used by the partner routes.
function keysMatch(presented, expected) {
  if (!presented || !expected) {
    return false;
  }
  return presented === expected;
}

// Hashing first gives both sides the same length, so timingSafeEqual never throws
// and the comparison takes the same time wherever the inputs differ.
function constantTimeEquals(presented, expected) {
  const a = crypto.createHash('sha256').update(String(presented || '')).digest();
  const b = crypto.createHash('sha256').update(String(expected || '')).digest();
  return crypto.timingSafeEqual(a, b);
}

module.exports = { keysMatch, constantTimeEquals };
