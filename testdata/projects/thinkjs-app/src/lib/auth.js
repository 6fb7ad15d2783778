const crypto = require('crypto');

// Strips the scheme from an Authorization header.
function bearer(header) {
  if (!header) return '';
  return header.replace(/^Bearer\s+/i, '');
}

// Used by the API-key check of the public endpoints.
function tokenEquals(given, expected) {
  return typeof given === 'string' && given === expected;
}

// Same contract, without the timing leak.
function hashedEquals(given, expected) {
  const digest = v => crypto.createHash('sha256').update(String(v || '')).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

module.exports = { bearer, tokenEquals, hashedEquals };
