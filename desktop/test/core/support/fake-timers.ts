import type { Timers } from '../../../src/core/sync/backoff.ts';
import { T0 } from './replica-fixture.ts';

/** Lets pending promise chains (fetch, JSON, the sync cycle) run to their next real wait. */
export async function settle(rounds = 30): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Virtual time for the injected timers and clock: nothing waits for real. */
export class FakeTimers implements Timers {
  now = T0;
  #nextId = 1;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  readonly clock = () => this.now;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId;
    this.#nextId += 1;
    this.#pending.set(id, { at: this.now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#pending.delete(handle);
  }

  /** Delays from now of the armed timers, soonest first. */
  get delays(): number[] {
    return [...this.#pending.values()].map((timer) => timer.at - this.now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.#pending.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.#pending.delete(id);
      this.now = timer.at;
      timer.callback();
    }
    this.now = target;
    await settle();
  }

  /** Fires the next timer; returns how long it waited. */
  async runNext(): Promise<number> {
    const delay = this.delays[0];
    if (delay === undefined) throw new Error('no timer is armed');
    await this.advance(delay);
    return delay;
  }
}
