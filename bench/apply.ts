/**
 * bench/apply: one incoming change (insert, update, delete of a job) applied on a counter whose
 * replica already holds a whole site, through the real path (applyPullResponse: one transaction
 * with undo/redo of pending work, the cursor and the clock). Baseline: the same single-row
 * statement with raw better-sqlite3 in its own transaction on the same replica.
 *
 *   npm run bench:apply                 100,000-row replica
 *   npm run bench:apply -- --full       1,000,000-row replica
 */
import { completeRow, encodeHlc, tableSpec, type PullResponse, type Row, type RowChange } from '@forecourt/shared';
import { silentLogger } from '../desktop/src/core/logger.ts';
import { applyPullResponse, type RebaseDeps } from '../desktop/src/core/rebase.ts';
import { createBenchReplica, type BenchReplica } from './support/replica.ts';
import { header, note, parseArgs, percentile, printResult, type Figures } from './support/report.ts';
import { benchId, planSite, siteTotal } from './support/site-rows.ts';

const TARGET_P99_MS = 10;
type Kind = 'insert' | 'update' | 'delete';

function jobRow(bench: BenchReplica, id: string, i: number): Row {
  const at = new Date().toISOString();
  return completeRow(tableSpec('jobs'), {
    id,
    tenant_id: bench.tenantId,
    site_id: bench.siteId,
    number: `SRV-${i}`,
    customer_id: benchId('customers', i),
    status: 'pending',
    concern: 'Incoming from another counter',
    currency: 'INR',
    created_at: at,
    updated_at: at,
  });
}

function change(bench: BenchReplica, kind: Kind, i: number, existing: number): RowChange {
  if (kind === 'insert') {
    const id = `00000009-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
    return { table: 'jobs', op: 'put', id, row: jobRow(bench, id, i) };
  }
  // Spread over the whole table: each delete takes a different row, updates land anywhere.
  const id = benchId('jobs', (i * 7919 + (kind === 'delete' ? 1 : 0)) % existing);
  if (kind === 'delete') return { table: 'jobs', op: 'remove', id };
  // Another counter edited the findings: the server sends the whole row, one field changed.
  const current = bench.replica.store().get('jobs', id) ?? jobRow(bench, id, i);
  return {
    table: 'jobs',
    op: 'put',
    id,
    row: { ...current, findings: `Checked ${i}`, updated_at: new Date().toISOString() },
  };
}

/**
 * Changes arrive one at a time over the network, with the event loop free in between: the loop
 * yields between samples, so the replica's checkpointer (wal-checkpointer.ts) runs where it runs
 * in the app, and its slices are reported apart.
 */
const arrival = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wall times, and the CPU time of the same samples: on a busy machine only the second is steady. */
interface Samples {
  readonly times: number[];
  readonly cpuTimes: number[];
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function measure(
  bench: BenchReplica,
  kind: Kind,
  samples: number,
  existing: number,
  offset: number,
): Promise<Samples> {
  const deps: RebaseDeps = {
    replica: bench.replica,
    wallNow: Date.now,
    freshId: () => crypto.randomUUID(),
    logger: silentLogger,
    actorProfile: () => bench.manager,
  };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = offset; i < offset + samples; i++) {
    const response: PullResponse = {
      changes: [change(bench, kind, i, existing)],
      checkpoint: i + 1,
      hasMore: false,
      lastMutationId: 0,
      outcomes: [],
      serverHlc: encodeHlc({ wallMs: Date.now(), counter: 0, node: 'server' }),
    };
    await arrival();
    const start = performance.now();
    const cpu = process.cpuUsage();
    applyPullResponse(deps, response);
    cpuTimes.push(cpuMs(cpu));
    times.push(performance.now() - start);
  }
  return { times, cpuTimes };
}

async function measureRaw(
  bench: BenchReplica,
  kind: Kind,
  samples: number,
  existing: number,
  offset: number,
): Promise<number[]> {
  const { db } = bench.replica;
  const columns = Object.keys(tableSpec('jobs').columns);
  const insert = db.prepare(`INSERT INTO jobs (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const update = db.prepare('UPDATE jobs SET findings = ?, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM jobs WHERE id = ?');
  const times: number[] = [];
  for (let i = offset; i < offset + samples; i++) {
    const next = change(bench, kind, i, existing);
    const values = next.row ? columns.map((column) => (next.row?.[column] ?? null) as string | number | null) : [];
    await arrival();
    const start = performance.now();
    db.transaction(() => {
      if (kind === 'insert') insert.run(...values);
      else if (kind === 'update') update.run(`Checked ${i}`, new Date().toISOString(), next.id);
      else remove.run(next.id);
    })();
    times.push(performance.now() - start);
  }
  return times;
}

async function main(): Promise<void> {
  const args = parseArgs();
  const plan = planSite(args.int('rows', 100_000, 1_000_000));
  const samples = args.int('samples', 500, 1000);
  header('apply', { replica_rows: siteTotal(plan), samples_per_kind: samples });
  const started = performance.now();
  const bench = createBenchReplica(plan);
  note('replica filled', { seconds: (performance.now() - started) / 1000 });
  const figures: Figures = {};
  let met = true;
  try {
    for (const [index, kind] of (['insert', 'update', 'delete'] as const).entries()) {
      const offset = 1 + index * 3 * samples;
      await measure(bench, kind, 50, plan.jobs, offset + 2 * samples); // warm-up: statements, page cache
      const { times, cpuTimes } = await measure(bench, kind, samples, plan.jobs, offset);
      const raw = await measureRaw(bench, kind, samples, plan.jobs, offset + samples);
      const p99 = percentile(times, 0.99);
      note(kind, {
        p50_ms: percentile(times, 0.5),
        p99_ms: p99,
        raw_p50_ms: percentile(raw, 0.5),
        raw_p99_ms: percentile(raw, 0.99),
        cpu_p99_ms: percentile(cpuTimes, 0.99),
      });
      figures[`${kind}_cpu_p99_ms`] = percentile(cpuTimes, 0.99);
      figures[`${kind}_p50_ms`] = percentile(times, 0.5);
      figures[`${kind}_p99_ms`] = p99;
      figures[`${kind}_ratio_raw`] = percentile(times, 0.5) / percentile(raw, 0.5);
      met &&= p99 <= TARGET_P99_MS;
    }
    const checkpoints = bench.replica.checkpointer.stats();
    note('WAL checkpoints between changes', {
      runs: checkpoints.runs,
      pages: checkpoints.pagesCopied,
      longest_ms: checkpoints.longestMs,
    });
    figures.checkpoint_longest_ms = checkpoints.longestMs;
  } finally {
    bench.close();
  }
  note(`target (p99 <= ${TARGET_P99_MS} ms for each kind): ${met ? 'met' : 'MISSED'}`);
  printResult('apply', { rows: siteTotal(plan), ...figures });
}

await main();
