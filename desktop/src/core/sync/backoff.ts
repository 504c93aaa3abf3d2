export const BACKOFF_MIN_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/**
 * Capped exponential backoff with jitter: after the n-th consecutive failure, wait between half
 * and all of min(60 s, 1 s·2^(n-1)), never under 1 s. The jitter keeps the counters of a whole
 * chain from retrying in lockstep when the server comes back.
 */
export function backoffDelay(failures: number, random: () => number): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 16);
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** exponent);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(BACKOFF_MIN_MS, Math.min(ceiling, jittered)));
}

/** The timer functions the sync client uses, injected so that tests drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // Handles only ever come from systemTimers.setTimeout above.
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One restartable timer on injected timers: schedule() keeps whichever due time is sooner. */
export class OneShotTimer {
  readonly #timers: Timers;
  readonly #clock: () => number;
  readonly #fire: () => void;
  #handle: unknown = null;
  #dueAt = 0;

  constructor(timers: Timers, clock: () => number, fire: () => void) {
    this.#timers = timers;
    this.#clock = clock;
    this.#fire = fire;
  }

  get pending(): boolean {
    return this.#handle !== null;
  }

  /** Arms the timer for `delayMs`, unless it is already due sooner (or `replace` is set). */
  schedule(delayMs: number, replace = false): void {
    const dueAt = this.#clock() + delayMs;
    if (this.#handle !== null && !replace && this.#dueAt <= dueAt) return;
    this.cancel();
    this.#dueAt = dueAt;
    this.#handle = this.#timers.setTimeout(() => {
      this.#handle = null;
      this.#fire();
    }, delayMs);
  }

  cancel(): void {
    if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
    this.#handle = null;
  }
}
