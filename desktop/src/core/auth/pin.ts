import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@forecourt/shared';

const PIN_PATTERN = /^\d{4,8}$/;
/** scrypt cost: ~50 ms per check here, enough to slow guessing on a stolen replica file. */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export function assertValidPin(pin: string): void {
  if (!PIN_PATTERN.test(pin)) throw new DomainError('invalid', 'a PIN is 4 to 8 digits');
}

/** `scrypt$N$r$p$salt$hash` (base64), so that the cost can be raised later without breaking old hashes. */
export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  assertValidPin(pin);
  const hash = scryptSync(pin, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || !PIN_PATTERN.test(pin)) return false;
  const expected = Buffer.from(hash, 'base64');
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 };
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger) || expected.length === 0) return false;
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, cost);
  return timingSafeEqual(actual, expected);
}
