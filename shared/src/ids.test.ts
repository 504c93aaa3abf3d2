import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('writes the millisecond timestamp big-endian in the first 48 bits, then version 7 and the variant', () => {
    const random = new Uint8Array(10).fill(0xff);
    expect(uuidv7(0, random)).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(uuidv7(0x0123_4567_89ab, new Uint8Array(10))).toBe('01234567-89ab-7000-8000-000000000000');
    expect(uuidv7(2 ** 48 - 1, new Uint8Array(10))).toBe('ffffffff-ffff-7000-8000-000000000000');
    // Out of range is clamped, not wrapped: an id never sorts before the ids of its past.
    expect(uuidv7(2 ** 48 + 5, new Uint8Array(10))).toBe('ffffffff-ffff-7000-8000-000000000000');
    expect(uuidv7(-1, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
  });

  it('gives distinct, well-formed ids across many refills of its random pool, ordered by time', () => {
    const ids = Array.from({ length: 2000 }, (_, index) => uuidv7(1_764_806_400_000 + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => isUuid(id) && id[14] === '7' && '89ab'.includes(id[19] ?? ''))).toBe(true);
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect(prefixes).toEqual([...prefixes].sort());
    // The random part really varies (not a repeated slice of the pool).
    expect(new Set(ids.map((id) => id.slice(24))).size).toBe(ids.length);
  });
});
