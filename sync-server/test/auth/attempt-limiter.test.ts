import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from '../../src/auth/attempt-limiter.ts';
import { createTestClock } from '../support/clock.ts';

describe('attempt limiter', () => {
  it('blocks a key after the limit until its window has passed', () => {
    const clock = createTestClock();
    const limiter = createAttemptLimiter({ limit: 3, windowMs: 60_000, clock });
    for (let i = 0; i < 3; i++) {
      limiter.assertAllowed('a');
      limiter.recordFailure('a');
    }
    expect(() => limiter.assertAllowed('a')).toThrow(expect.objectContaining({ code: 'rate-limited' }));
    limiter.assertAllowed('b');
    clock.advance(60_000);
    limiter.assertAllowed('a');
  });

  it('forgets failures after a success', () => {
    const limiter = createAttemptLimiter({ limit: 2, windowMs: 60_000, clock: createTestClock() });
    limiter.recordFailure('a');
    limiter.reset('a');
    limiter.recordFailure('a');
    limiter.assertAllowed('a');
  });
});
