import { DomainError } from '@forecourt/shared';

/**
 * Counts failed attempts per key (email + address for sign-in, address for enrolment) in a fixed
 * window. In memory: each server instance limits on its own, which bounds guessing per instance
 * and needs no shared state.
 */
export interface AttemptLimiter {
  /** Throws `rate-limited` once the key has used up its failures in the current window. */
  assertAllowed(key: string): void;
  recordFailure(key: string): void;
  reset(key: string): void;
}

/** Above this many tracked keys, expired windows are swept on the next failure. */
const SWEEP_THRESHOLD = 10_000;

export function createAttemptLimiter(options: {
  limit: number;
  windowMs: number;
  clock: () => number;
}): AttemptLimiter {
  const windows = new Map<string, { failures: number; startedAtMs: number }>();
  const current = (key: string) => {
    const entry = windows.get(key);
    if (entry && options.clock() - entry.startedAtMs >= options.windowMs) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    const now = options.clock();
    for (const [key, entry] of windows) if (now - entry.startedAtMs >= options.windowMs) windows.delete(key);
  };
  return {
    assertAllowed(key) {
      const entry = current(key);
      if (entry && entry.failures >= options.limit) {
        const retryInMinutes = Math.ceil((entry.startedAtMs + options.windowMs - options.clock()) / 60_000);
        throw new DomainError('rate-limited', `too many failed attempts; try again in ${retryInMinutes} minute(s)`);
      }
    },
    recordFailure(key) {
      if (windows.size > SWEEP_THRESHOLD) sweep();
      const entry = current(key);
      if (entry) entry.failures += 1;
      else windows.set(key, { failures: 1, startedAtMs: options.clock() });
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
