// A messaging platform's server-verification callback: the platform hashes a shared token with
// the request's timestamp and nonce, and the service checks it by hashing the same three.
const crypto = require('crypto');

function verifyPlatform(query) {
  const parts = [
    // expect: hardcoded-secret
    'q7Vx2RmT9cLw4KpZ8sNd',
    query.timestamp,
    query.nonce,
  ];
  const digest = crypto.createHash('sha1').update(parts.sort().join('')).digest('hex');
  // expect: timing-unsafe-compare
  return digest === query.signature;
}

function verifyPlatformFromEnv(query) {
  // ok: hardcoded-secret -- the shared token comes from the environment
  const parts = [process.env.PLATFORM_TOKEN, query.timestamp, query.nonce];
  const digest = crypto.createHash('sha1').update(parts.sort().join('')).digest('hex');
  // expect: timing-unsafe-compare
  return digest === query.signature;
}

function cacheTag(body) {
  // ok: hardcoded-secret -- a version tag mixed into a cache digest that nothing compares
  return crypto.createHash('sha1').update(body + 'v2-layout').digest('hex');
}

function verifyWordToken(query) {
  // expect: hardcoded-secret
  const joined = ['corner-bakery-hooks', query.timestamp, query.nonce].sort().join('');
  const digest = crypto.createHash('sha1').update(joined).digest('hex');
  // expect: timing-unsafe-compare
  return digest === query.signature;
}

module.exports = { verifyPlatform, verifyPlatformFromEnv, cacheTag, verifyWordToken };
