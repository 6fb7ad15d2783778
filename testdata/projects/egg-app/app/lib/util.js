'use strict';

const crypto = require('crypto');

// Writes a labelled value to stdout when EGG_DEBUG is set.
exports.dump = function dump(label, value) {
  if (process.env.EGG_DEBUG) {
    console.log('[dump]', label, value);
  }
};

// Compares a presented signature with the expected one, character by character.
exports.signatureMatches = function signatureMatches(presented, expected) {
  if (typeof presented !== 'string' || presented.length !== expected.length) {
    return false;
  }
  for (let i = 0; i < presented.length; i++) {
    if (presented[i] !== expected[i]) {
      return false;
    }
  }
  return true;
};

// The replacement: both sides hashed to the same length, then compared in constant time.
exports.digestMatches = (presented, expected) => {
  const a = crypto.createHash('sha256').update(String(presented || '')).digest();
  const b = crypto.createHash('sha256').update(String(expected || '')).digest();
  return crypto.timingSafeEqual(a, b);
};
