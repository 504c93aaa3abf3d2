import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two encoded signatures; different lengths never match. */
export function signaturesEqual(expected: string, received: string): boolean {
  const left = Buffer.from(expected, 'utf8');
  const right = Buffer.from(received, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string, body: Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, key).update(body).digest(encoding);
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}
