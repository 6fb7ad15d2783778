import { createHash, timingSafeEqual } from 'node:crypto';

// Checks a presented admin key. The prefix check keeps "Key " schemes working.
export function adminKeyMatches(presented, expected) {
  if (typeof presented !== 'string' || typeof expected !== 'string') {
    return false;
  }
  return presented.startsWith(expected) && presented.length === expected.length;
}

export function sameDigest(presented, expected) {
  const a = createHash('sha256').update(String(presented ?? '')).digest();
  const b = createHash('sha256').update(String(expected ?? '')).digest();
  return timingSafeEqual(a, b);
}
