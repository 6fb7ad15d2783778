// Payment and messaging service helpers, called from the controllers. The provider signs its
// callbacks with a plain hash over the sorted fields and the merchant key.
const crypto = require('crypto');
const md5 = require('md5');
const utility = require('utility');
const config = require('../config');

class PaymentService {
  constructor(settings) {
    this.settings = settings;
  }

  // Verifies an asynchronous payment notification.
  verifyNotify(fields) {
    const { sign, ...rest } = fields;
    const query = Object.keys(rest)
      .sort()
      .map((k) => `${k}=${rest[k]}`)
      .join('&');
    const expected = md5(query + '&key=' + config.payment.merchantKey).toUpperCase();
    // expect: timing-unsafe-compare
    if (expected !== sign) {
      return false;
    }
    // ok: timing-unsafe-compare -- a status word
    return rest.trade_state === 'SUCCESS';
  }

  // The first check a messaging platform makes when a callback URL is registered.
  verifyEndpoint(query) {
    const parts = [config.messaging.callbackSecret, query.timestamp, query.nonce].sort().join('');
    const hash = crypto.createHash('sha1');
    hash.update(parts);
    const digest = hash.digest('hex');
    // expect: timing-unsafe-compare
    return digest == query.signature;
  }

  // A signed profile blob from a mobile client, hashed with the per-session key.
  checkProfile(profile, session) {
    const expected = crypto
      .createHash('sha1')
      .update(profile.rawData + session.session_key)
      .digest('hex');
    // expect: timing-unsafe-compare
    if (profile.signature !== expected) {
      throw new Error('profile signature mismatch');
    }
    return JSON.parse(profile.rawData);
  }

  // A greeting check with a token the messaging platform was configured with by hand.
  verifyLegacyEndpoint(query) {
    const sha1 = crypto.createHash('sha1');
    // expect: hardcoded-secret -- the hand-configured token is the key of the signature
    sha1.update(['greenharbourgreenharbour', query.timestamp, query.nonce].sort().join(''));
    // expect: timing-unsafe-compare
    return sha1.digest('hex') === query.signature;
  }
}

// Account activation links carry md5(email + password hash + server secret).
function activationValid(user, presented) {
  const expected = utility.md5(user.email + user.passhash + config.sessionSecret);
  // expect: timing-unsafe-compare
  return expected === presented;
}

function passwordMatches(user, password) {
  // ok: timing-unsafe-compare -- an unkeyed password hash
  return md5(password) === user.passwordHash;
}

// Integrity of an uploaded file: an unkeyed checksum anyone can compute.
function uploadIntact(buffer, etag) {
  const sum = crypto.createHash('md5').update(buffer).digest('hex');
  // ok: timing-unsafe-compare -- a checksum, not a signature
  return sum === etag.replace(/"/g, '');
}

// A presented API key hashed before the lookup: hashing both sides is the fix.
function keyMatches(stored, apiKey) {
  const hashed = crypto.createHash('sha256').update(apiKey).digest('hex');
  // ok: timing-unsafe-compare -- a hash of the presented key
  return hashed === stored.keyHash;
}

// A cache key, not a credential.
function cacheHit(entry, url, secretVersion) {
  const cacheKey = md5(url + secretVersion);
  // ok: timing-unsafe-compare -- no key hashed in
  return entry.key === cacheKey;
}

module.exports = { PaymentService, activationValid, passwordMatches, uploadIntact, keyMatches, cacheHit };
