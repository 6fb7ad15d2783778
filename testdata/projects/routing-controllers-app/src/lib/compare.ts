import { createHash, timingSafeEqual } from 'crypto';

/** Quick equality for short tokens; returns early on a length mismatch. */
export function tokensMatch(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected || given.length !== expected.length) {
    return false;
  }
  return given === expected;
}

/** Hashes both values so they have the same length, then compares in constant time. */
export function digestEquals(given: string | undefined, expected: string | undefined): boolean {
  const a = createHash('sha256').update(given ?? '').digest();
  const b = createHash('sha256').update(expected ?? '').digest();
  return timingSafeEqual(a, b);
}
