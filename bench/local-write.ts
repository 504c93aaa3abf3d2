/**
 * bench/local-write: a local mutation through the counter's real path (runLocalMutation: one
 * immediate transaction with the clock, the mutation id, load → decide → write, the undo image
 * and the outbox row) against a plain better-sqlite3 INSERT of the same customer row in its own
 * transaction, on the same replica file. Blocks of each alternate so drift hits both alike.
 *
 *   npm run bench:local-write               5,000 of each
 *   npm run bench:local-write -- --full     20,000 of each
 */
import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { runLocalMutation } from '../desktop/src/core/mutation-runner.ts';
import { createBenchReplica } from './support/replica.ts';
import { header, note, parseArgs, percentile, printResult } from './support/report.ts';
import { planSite } from './support/site-rows.ts';

const TARGET_RATIO = 1.5;
/**
 * Each write in the app is its own request with the event loop free in between: the loop yields
 * before every sample (outside its timing), so the replica's WAL checkpointer runs between
 * writes as it does in the app (wal-checkpointer.ts); its longest slice is reported apart.
 */
const nextRequest = () => new Promise<void>((resolve) => setImmediate(resolve));
const BLOCK = 100;

async function main(): Promise<void> {
  const args = parseArgs();
  const count = args.int('writes', 5000, 20_000);
  const rows = args.int('rows', 10_000, 100_000);
  header('local-write', { writes_each: count, replica_rows: rows });
  const bench = createBenchReplica(planSite(rows));
  const env = { wallNow: Date.now, freshId: () => uuidv7() };
  const columns = Object.keys(tableSpec('customers').columns);
  const insert = bench.replica.db.prepare(
    `INSERT INTO customers (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const plainRow = (i: number) => {
    const at = new Date().toISOString();
    const row = completeRow(tableSpec('customers'), {
      id: uuidv7(),
      tenant_id: bench.tenantId,
      site_id: bench.siteId,
      name: `Walk-in ${i}`,
      phone: '+919812345678',
      created_at: at,
      updated_at: at,
    });
    return columns.map((column) => (row[column] ?? null) as string | number | null);
  };
  const local: number[] = [];
  const localCpu: number[] = [];
  const plain: number[] = [];
  let localMs = 0;
  let plainMs = 0;
  // CPU time hardly depends on what else the machine runs; wall time does.
  let localCpuUs = 0;
  let plainCpuUs = 0;
  try {
    for (let i = 0; i < 500; i++) {
      runLocalMutation(bench.replica, bench.manager, 'customer.create', { name: `Warm ${i}` }, env);
      insert.run(...plainRow(i));
    }
    for (let block = 0; block < count / BLOCK; block++) {
      let cpu = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        await nextRequest();
        const start = performance.now();
        const sampleCpu = process.cpuUsage();
        runLocalMutation(
          bench.replica,
          bench.manager,
          'customer.create',
          { name: `Walk-in ${i}`, phone: '+919812345678' },
          env,
        );
        const took = performance.now() - start;
        const usedBySample = process.cpuUsage(sampleCpu);
        localCpu.push((usedBySample.user + usedBySample.system) / 1000);
        local.push(took);
        localMs += took;
      }
      let used = process.cpuUsage(cpu);
      localCpuUs += used.user + used.system;
      cpu = process.cpuUsage();
      for (let i = 0; i < BLOCK; i++) {
        await nextRequest();
        const start = performance.now();
        insert.run(...plainRow(i));
        const took = performance.now() - start;
        plain.push(took);
        plainMs += took;
      }
      used = process.cpuUsage(cpu);
      plainCpuUs += used.user + used.system;
    }
    const checkpoints = bench.replica.checkpointer.stats();
    note('WAL checkpoints between writes', {
      runs: checkpoints.runs,
      pages: checkpoints.pagesCopied,
      longest_ms: checkpoints.longestMs,
    });
  } finally {
    bench.close();
  }
  const ratio = localMs / plainMs;
  note('local mutation (customer.create)', {
    mean_us: (localMs / local.length) * 1000,
    p50_us: percentile(local, 0.5) * 1000,
    p99_us: percentile(local, 0.99) * 1000,
    cpu_p99_us: percentile(localCpu, 0.99) * 1000,
  });
  note('cpu per write', {
    local_us: localCpuUs / local.length,
    plain_us: plainCpuUs / plain.length,
    cpu_ratio: localCpuUs / plainCpuUs,
  });
  note('baseline: plain INSERT', {
    mean_us: (plainMs / plain.length) * 1000,
    p50_us: percentile(plain, 0.5) * 1000,
    p99_us: percentile(plain, 0.99) * 1000,
  });
  note(`target (<= ${TARGET_RATIO}x the plain insert): ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`);
  printResult('local-write', {
    local_us: (localMs / local.length) * 1000,
    raw_us: (plainMs / plain.length) * 1000,
    p99_us: percentile(local, 0.99) * 1000,
    cpu_p99_us: percentile(localCpu, 0.99) * 1000,
    ratio_raw: ratio,
    cpu_ratio: localCpuUs / plainCpuUs,
  });
}

await main();
