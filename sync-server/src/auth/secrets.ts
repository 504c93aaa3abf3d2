import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret (refresh tokens, device credentials), base64url so it travels in headers as is. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How secrets are stored: only their sha256, so a database leak gives no usable credential. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Equal-length comparison that takes the same time wherever the first difference is. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
