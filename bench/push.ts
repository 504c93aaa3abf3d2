/**
 * bench/push: 20 devices push their mutations at once to the real server over HTTP on loopback;
 * the server runs in its own process (its CPU is measured on its own), on PostgreSQL and then on
 * an in-memory PGlite. Baseline: the same rows, read back from the change log, written with plain
 * single-row INSERT … ON CONFLICT statements, one transaction per engine transaction.
 *
 *   npm run bench:push                      10,000 mutations
 *   npm run bench:push -- --full            50,000 mutations
 *   npm run bench:push -- --db=postgres     (or pglite; default both)
 */
import { countWrites, replayRaw } from './support/raw-replay.ts';
import { createFreshPostgres, openFreshPglite, openPostgres } from './support/database.ts';
import { enrolPushDevice, makeMutations, pushAll, type PushDevice } from './support/push-load.ts';
import { header, note, parseArgs, percentile, printResult, type Figures } from './support/report.ts';
import { cpuSecondsSince } from './support/process-cpu.ts';
import { startServerProcess } from './support/server-process.ts';

const TARGET_PER_S = 2000;
const POOL_MAX = 10;

async function runOn(kind: 'postgres' | 'pglite', devices: number, perDevice: number): Promise<Figures> {
  const fresh = kind === 'postgres' ? await createFreshPostgres('bench_push') : null;
  const server = await startServerProcess({ databaseUrl: fresh?.url ?? null, poolMax: POOL_MAX });
  try {
    const site = await server.seed(devices);
    const clients: PushDevice[] = [];
    for (let i = 0; i < devices; i++) {
      const client = await enrolPushDevice(server.url, site, site.codes[i] ?? '', `Bench PC ${i}`);
      client.mutations.push(...makeMutations(i, perDevice, site.userId));
      clients.push(client);
    }
    const before = await server.usage();
    const pgCpu = cpuSecondsSince('postgres');
    const run = await pushAll(clients);
    const pgSeconds = pgCpu();
    const after = await server.usage();
    if (run.rejected > 0) throw new Error(`${run.rejected} mutations were rejected: the workload is wrong`);
    const total = devices * perDevice;
    const writes = await server.writes();
    await server.stop();

    const raw = kind === 'postgres' ? await createFreshPostgres('bench_push_raw') : null;
    const rawDb = raw ? await openPostgres(raw.url, POOL_MAX) : await openFreshPglite();
    const rawSeconds = await replayRaw(rawDb, writes);
    await rawDb.close();
    await raw?.drop();

    const perS = total / run.seconds;
    note(`${kind}: engine over HTTP`, {
      mutations: total,
      seconds: run.seconds,
      mutations_per_s: perS,
      p50_ms: percentile(run.latenciesMs, 0.5),
      p99_ms: percentile(run.latenciesMs, 0.99),
      server_cpu_ms_per_mutation: (after.cpuMs - before.cpuMs) / total,
      // Every PostgreSQL process of the machine: other work on it shows up here too.
      postgres_cpu_ms_per_mutation: kind === 'postgres' ? (pgSeconds * 1000) / total : 0,
    });
    note(`${kind}: baseline, raw single-row upserts of the same ${countWrites(writes)} rows`, {
      seconds: rawSeconds,
      mutations_per_s: total / rawSeconds,
    });
    return {
      mutations_per_s: Math.round(perS),
      p50_ms: percentile(run.latenciesMs, 0.5),
      p99_ms: percentile(run.latenciesMs, 0.99),
      ratio_raw: run.seconds / rawSeconds,
    };
  } finally {
    await server.stop().catch(() => undefined);
    await fresh?.drop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs();
  const devices = args.int('devices', 20, 20);
  const total = args.int('mutations', 10_000, 50_000);
  const perDevice = Math.ceil(total / devices);
  const which = args.text('db', 'both');
  header('push', { devices, mutations: perDevice * devices, batch: 200 });
  const figures: Figures = {};
  if (which === 'both' || which === 'postgres') Object.assign(figures, await runOn('postgres', devices, perDevice));
  if (which === 'both' || which === 'pglite') {
    const pglite = await runOn('pglite', devices, perDevice);
    for (const [key, value] of Object.entries(pglite)) figures[`pglite_${key}`] = value;
  }
  if (figures.mutations_per_s !== undefined) {
    const met = Number(figures.mutations_per_s) >= TARGET_PER_S;
    note(`target (>= ${TARGET_PER_S} mutations/s per server process on PostgreSQL): ${met ? 'met' : 'MISSED'}`);
  }
  printResult('push', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
