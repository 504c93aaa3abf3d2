/**
 * bench/bootstrap: a new device syncs a whole site from the real server on PostgreSQL over HTTP
 * on loopback. The device runs in its own process (its RSS is its own); the baseline is the same
 * rows inserted with raw better-sqlite3 in one transaction, in that same device process.
 *
 *   npm run bench:bootstrap                  100,000 rows
 *   npm run bench:bootstrap -- --full        400,000 rows (the site)
 *   npm run bench:bootstrap -- --rows=1000000
 */
import { exited, forkTs, request } from './support/child.ts';
import { createFreshPostgres, openPostgres } from './support/database.ts';
import { cpuSecondsSince } from './support/process-cpu.ts';
import { header, note, parseArgs, printResult } from './support/report.ts';
import { seedSite, startBenchServer } from './support/server.ts';
import { loadSiteIntoPostgres, planSite, siteTotal } from './support/site-rows.ts';
import type { BootstrapJob, BootstrapReport } from './support/bootstrap-device.ts';

const TARGET_ROWS_PER_S = 40_000;
const TARGET_RATIO = 3;
const TARGET_MB_AT_1M = 300;

async function main(): Promise<void> {
  const args = parseArgs();
  const plan = planSite(args.int('rows', 100_000, 400_000));
  header('bootstrap', { site_rows: siteTotal(plan), ...plan });
  const fresh = await createFreshPostgres('bench_bootstrap');
  const db = await openPostgres(fresh.url);
  const server = await startBenchServer(db);
  try {
    const site = await seedSite(server, 1);
    const seedStart = performance.now();
    await loadSiteIntoPostgres(db, plan, site);
    note('seeded the server', { seconds: (performance.now() - seedStart) / 1000 });

    const device = forkTs(new URL('./support/bootstrap-device.ts', import.meta.url));
    const job: BootstrapJob = {
      serverUrl: server.url,
      code: site.codes[0] ?? '',
      email: site.email,
      password: site.password,
      plan,
      tenantId: site.tenantId,
      siteId: site.siteId,
    };
    const serverCpu = process.cpuUsage();
    const pgCpu = cpuSecondsSince('postgres');
    const report = await request<BootstrapReport>(device, { type: 'run', job }, 'report');
    const serverUsed = process.cpuUsage(serverCpu);
    // Every PostgreSQL process of the machine: other work on it shows up here too.
    const pgCpuSeconds = pgCpu();
    const serverCpuSeconds = (serverUsed.user + serverUsed.system) / 1e6;
    await exited(device);
    if (report.lastError) throw new Error(`the device's sync failed: ${report.lastError}`);
    if (report.rows < siteTotal(plan))
      throw new Error(`the device holds ${report.rows} rows, expected ${siteTotal(plan)}+`);

    const rowsPerS = report.rows / report.seconds;
    const ratio = report.seconds / report.rawSeconds;
    note('device', { rows: report.rows, seconds: report.seconds, start_rss_mb: report.startRssMb });
    // CPU seconds do not depend on what else the machine runs; wall time does.
    note('cpu', {
      device_cpu_s: report.cpuSeconds,
      device_close_cpu_s: report.closeCpuSeconds,
      server_cpu_s: serverCpuSeconds,
      postgres_cpu_s: pgCpuSeconds,
    });
    note('peak memory of the device', { sampled_mb: report.peakRssMb, kernel_max_rss_mb: report.kernelPeakRssMb });
    note('baseline: raw better-sqlite3 inserts in one transaction', { seconds: report.rawSeconds });
    const peak = Math.max(report.peakRssMb, report.kernelPeakRssMb);
    const met =
      rowsPerS >= TARGET_ROWS_PER_S && ratio <= TARGET_RATIO && (report.rows < 1_000_000 || peak < TARGET_MB_AT_1M);
    note(
      `target (>= ${TARGET_ROWS_PER_S} rows/s, <= ${TARGET_RATIO}x raw, < ${TARGET_MB_AT_1M} MB at 1M rows): ${met ? 'met' : 'MISSED'}`,
    );
    printResult('bootstrap', {
      rows: report.rows,
      rows_per_s: Math.round(rowsPerS),
      seconds: report.seconds,
      peak_rss_mb: Math.round(peak),
      raw_seconds: report.rawSeconds,
      ratio_raw: ratio,
    });
  } finally {
    await server.close();
    await db.close();
    await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
