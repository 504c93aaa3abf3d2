import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCounter } from '../../src/core/counter.ts';
import { silentLogger } from '../../src/core/logger.ts';

/**
 * The counter core in a process of its own, as the desktop app runs it:
 *   queue DIR COUNT  makes COUNT mutations offline (customers, job cards, edits, notes);
 *   drain DIR        syncs until the outbox is empty, printing progress.
 * Every line on stdout is JSON. While draining, the event loop's longest delay and the largest
 * RSS seen are reported with each progress line, so that a parent that kills this process with -9
 * halfway still knows the figures up to then.
 */
const [mode, dataDir, countText] = process.argv.slice(2);
if (!dataDir || (mode !== 'queue' && mode !== 'drain')) throw new Error('usage: queue DIR COUNT | drain DIR');

const print = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
const counter = openCounter({ dataDir, logger: silentLogger });

if (mode === 'queue') {
  const count = Number(countText);
  const started = Date.now();
  const customers: string[] = [];
  const jobs: string[] = [];
  const recent = (ids: string[], n: number) => ids[ids.length - 1 - (n % Math.min(ids.length, 50))];
  for (let n = 0; n < count; n++) {
    const customer = recent(customers, n);
    const job = recent(jobs, n);
    if (n % 10 === 7 && customer) {
      jobs.push(
        (counter.mutate('job.create', { customerId: customer, concern: `offline job ${n}` }) as { jobId: string })
          .jobId,
      );
    } else if (n % 10 === 8 && job) {
      counter.mutate('job.update', { jobId: job, concern: `edited offline ${n}` });
    } else if (n % 10 === 9 && job) {
      counter.mutate('job.addNote', { jobId: job, body: `offline note ${n}` });
    } else {
      customers.push(
        (counter.mutate('customer.create', { name: `Offline ${n}` }) as { customerId: string }).customerId,
      );
    }
    if ((n + 1) % 5000 === 0) print({ queued: n + 1 });
  }
  print({ done: true, queued: count, ms: Date.now() - started, pending: counter.status().pendingCount });
  await counter.close();
} else {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The first second is start-up, reported apart: under tsx every module the first sync cycle
  // loads is transpiled right then (tens of ms in one go), which the bundled app does at launch.
  const blocking = watchBlocking(1_000);
  let rssMaxMb = 0;
  const started = Date.now();
  const report = (extra: object = {}) => {
    rssMaxMb = Math.max(rssMaxMb, process.memoryUsage().rss / 2 ** 20);
    const status = counter.status();
    print({
      pending: status.pendingCount,
      cursor: status.cursor,
      maxBlockMs: Math.round(blocking.max()),
      startupBlockMs: Math.round(blocking.startup()),
      maxDelayMs: Math.round(delay.max / 1e6),
      rssMaxMb: Math.round(rssMaxMb),
      ms: Date.now() - started,
      ...extra,
    });
    return status;
  };
  const sampler = setInterval(report, 500);
  counter.startSync();
  // Done when nothing is pending and a cycle since then has succeeded (the final pull applied).
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const status = counter.status();
    if (status.pendingCount === 0 && status.lastError === null && status.phase === 'idle' && status.lastSyncAt) break;
  }
  clearInterval(sampler);
  blocking.stop();
  report({ done: true });
  await counter.close();
}

/**
 * The longest the event loop was kept from a 10 ms timer by this process's own work: the CPU time
 * the main thread used between two consecutive ticks. Unlike the wall-clock delay that
 * monitorEventLoopDelay measures, it does not grow when a busy machine leaves the process waiting
 * for a CPU (on a 2-core machine at load 13, an idle process doing 5 ms tasks shows 90-180 ms
 * wall-clock delays). Linux gives the main thread's own CPU time; elsewhere the process's is used,
 * which can only overstate it.
 */
function watchBlocking(startupMs: number): { max(): number; startup(): number; stop(): void } {
  const threadCpuMs = (): number => {
    try {
      return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
    } catch {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    }
  };
  let last = threadCpuMs();
  let longest = 0;
  let startup = 0;
  const startedAt = Date.now();
  const timer = setInterval(() => {
    const now = threadCpuMs();
    if (Date.now() - startedAt < startupMs) startup = Math.max(startup, now - last);
    else longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return { max: () => longest, startup: () => startup, stop: () => clearInterval(timer) };
}
