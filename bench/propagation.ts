/**
 * bench/propagation: 50 counters (the real CounterCore, each with its own replica file) are
 * connected to the real server (its own process, PostgreSQL, production poke interval) over
 * HTTP and the live WebSocket on loopback. One at a time, a counter creates a customer; the time
 * until another counter's replica holds the row is one sample (and until all 50 hold it).
 * Baseline: the same counters' pull round trip with nothing to fetch (the floor of one hop).
 *
 *   npm run bench:propagation               200 mutations
 *   npm run bench:propagation -- --full     1,000 mutations
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CounterApi } from '../desktop/src/core/counter-api.ts';
import { openCounter } from '../desktop/src/core/counter.ts';
import { silentLogger } from '../desktop/src/core/logger.ts';
import { createFreshPostgres } from './support/database.ts';
import { header, note, parseArgs, percentile, printResult } from './support/report.ts';
import { startServerProcess } from './support/server-process.ts';

const TARGET_P50_MS = 150;
const TARGET_P99_MS = 500;
const TIMEOUT_MS = 10_000;

interface Watch {
  id: string;
  readonly startMs: number;
  readonly seenMs: Map<number, number>;
  done: () => void;
}

async function main(): Promise<void> {
  const args = parseArgs();
  const count = args.int('devices', 50, 50);
  const mutations = args.int('mutations', 200, 1000);
  header('propagation', { devices: count, mutations });
  const fresh = await createFreshPostgres('bench_propagation');
  const server = await startServerProcess({ databaseUrl: fresh.url });
  const root = await mkdtemp(join(tmpdir(), 'forecourt-bench-propagation-'));
  const counters: CounterApi[] = [];
  try {
    const site = await server.seed(count);
    for (let i = 0; i < count; i++) {
      const counter = openCounter({ dataDir: join(root, `pc${i}`), logger: silentLogger });
      await counter.enrol({ serverUrl: server.url, code: site.codes[i] ?? '', name: `Bench PC ${i}` });
      await counter.login({ email: site.email, password: site.password });
      await counter.syncNow();
      counters.push(counter);
    }

    // Baseline: a pull with nothing new, each counter in turn (HTTP + server + empty rebase).
    const idle: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const counter of counters) {
        const start = performance.now();
        await counter.syncNow();
        idle.push(performance.now() - start);
      }
    }

    let watch: Watch | null = null;
    counters.forEach((counter, index) =>
      counter.subscribe((event) => {
        if (event.type !== 'data' || !watch || watch.seenMs.has(index)) return;
        if (!event.tables.includes('customers') || !counter.get('customers', watch.id)) return;
        watch.seenMs.set(index, performance.now() - watch.startMs);
        if (watch.seenMs.size === counters.length) watch.done();
      }),
    );
    for (const counter of counters) counter.startSync();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // live sockets open, hellos answered

    const toB: number[] = [];
    const toAll: number[] = [];
    let missed = 0;
    for (let i = 0; i < mutations; i++) {
      const a = i % count;
      const b = (a + 1 + (i % (count - 1))) % count;
      const startMs = performance.now();
      const seenMs = new Map<number, number>();
      const current: Watch = { id: '', startMs, seenMs, done: () => undefined };
      const finished = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, TIMEOUT_MS);
        current.done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      watch = current;
      const result = (counters[a] as CounterApi).mutate('customer.create', { name: `Walk-in ${i}` });
      current.id = String(result.customerId);
      seenMs.set(a, performance.now() - startMs);
      await finished;
      const atB = seenMs.get(b);
      if (atB === undefined || seenMs.size < count) missed += 1;
      toB.push(atB ?? TIMEOUT_MS);
      toAll.push(seenMs.size === count ? Math.max(...seenMs.values()) : TIMEOUT_MS);
    }
    watch = null;

    const p50 = percentile(toB, 0.5);
    const p99 = percentile(toB, 0.99);
    note('A to B', { p50_ms: p50, p90_ms: percentile(toB, 0.9), p99_ms: p99, max_ms: Math.max(...toB), missed });
    note(`A to all ${count}`, { p50_ms: percentile(toAll, 0.5), p99_ms: percentile(toAll, 0.99) });
    note('baseline: an empty pull round trip', { p50_ms: percentile(idle, 0.5), p99_ms: percentile(idle, 0.99) });
    const met = p50 <= TARGET_P50_MS && p99 <= TARGET_P99_MS && missed === 0;
    note(`target (p50 <= ${TARGET_P50_MS} ms, p99 <= ${TARGET_P99_MS} ms): ${met ? 'met' : 'MISSED'}`);
    printResult('propagation', {
      p50_ms: p50,
      p99_ms: p99,
      all_p99_ms: percentile(toAll, 0.99),
      missed,
      ratio_empty_pull: p50 / percentile(idle, 0.5),
    });
  } finally {
    for (const counter of counters) await counter.close();
    await server.stop();
    await fresh.drop();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
