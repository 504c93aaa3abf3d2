import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreEvent } from '../../../src/core/counter-api.ts';
import { openCounter, type CounterCore } from '../../../src/core/counter.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import type { LiveSocketConstructor } from '../../../src/core/sync/live-channel.ts';
import { FakeServer } from './fake-server.ts';
import { FakeTimers } from './fake-timers.ts';

export interface TestCounter {
  readonly counter: CounterCore;
  readonly server: FakeServer;
  readonly timers: FakeTimers;
  readonly events: CoreEvent[];
  readonly dataDir: string;
  /** Opens the same data folder again, as a restarted process would. */
  reopen(): CounterCore;
  close(): Promise<void>;
}

export interface TestCounterOptions {
  readonly WebSocket?: LiveSocketConstructor | null;
  /** Jitter: 1 makes every backoff delay its ceiling. */
  readonly random?: () => number;
  readonly enrolled?: boolean;
  readonly signedIn?: boolean;
}

/** A counter core on a temp folder, talking to a FakeServer through injected fetch and timers. */
export async function openTestCounter(options: TestCounterOptions = {}): Promise<TestCounter> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-counter-'));
  const timers = new FakeTimers();
  const server = new FakeServer(timers.clock);
  const open = () =>
    openCounter({
      dataDir,
      fetch: server.fetch,
      clock: timers.clock,
      timers,
      random: options.random ?? (() => 1),
      logger: silentLogger,
      WebSocket: options.WebSocket ?? null,
    });
  let counter = open();
  const events: CoreEvent[] = [];
  counter.subscribe((event) => events.push(event));
  if (options.enrolled !== false) {
    await counter.enrol({ serverUrl: 'http://sync.test', code: 'ABCD1234', name: 'Counter 1' });
    if (options.signedIn !== false) await counter.login({ email: 'staff@demo.in', password: 'pw' });
  }
  return {
    counter,
    server,
    timers,
    events,
    dataDir,
    reopen: () => {
      counter = open();
      return counter;
    },
    close: async () => {
      await counter.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
