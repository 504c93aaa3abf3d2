import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for ids, drawn from the CSPRNG 256 ids' worth at a time (as Node's own
 * crypto.randomUUID does): one call per id cost more than the rest of uuidv7 together, and a local
 * write takes one or two ids (docs/performance.md, "Local write").
 */
const RANDOM_BYTES_PER_ID = 10;
const randomPool = Buffer.allocUnsafe(256 * RANDOM_BYTES_PER_ID);
let randomOffset = randomPool.length;

function freshRandom(): Uint8Array {
  if (randomOffset >= randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const bytes = randomPool.subarray(randomOffset, randomOffset + RANDOM_BYTES_PER_ID);
  randomOffset += RANDOM_BYTES_PER_ID;
  return bytes;
}

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Ids sort roughly by
 * creation time, which keeps B-tree inserts local on both databases.
 */
export function uuidv7(nowMs: number = Date.now(), random: Uint8Array = freshRandom()): string {
  const bytes = Buffer.allocUnsafe(16);
  const ms = Math.min(Math.max(0, Math.floor(nowMs)), 2 ** 48 - 1);
  // 48 bits do not fit a 32-bit operand: the high and low 24 bits apart.
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  bytes[0] = (high >>> 16) & 0xff;
  bytes[1] = (high >>> 8) & 0xff;
  bytes[2] = high & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes.set(random.subarray(0, RANDOM_BYTES_PER_ID), 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
