/**
 * A new counter in its own process (so that its RSS is its own): enrols, signs in, then syncs the
 * whole site from the server and reports the time and its peak memory. Afterwards, in the same
 * process, the baseline: the same rows inserted with raw better-sqlite3 in one transaction.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TABLE_NAMES, quote } from '@forecourt/shared';
import { openCounter } from '../../desktop/src/core/counter.ts';
import { silentLogger } from '../../desktop/src/core/logger.ts';
import { suspendDerivedTriggers } from '../../desktop/src/core/replica/derived-data.ts';
import { openReplica, REPLICA_FILE } from '../../desktop/src/core/replica/open-replica.ts';
import { serveParent } from './child.ts';
import { RssSampler } from './memory.ts';
import { rawInsertSite, type SitePlan } from './site-rows.ts';

export interface BootstrapJob {
  readonly serverUrl: string;
  readonly code: string;
  readonly email: string;
  readonly password: string;
  readonly plan: SitePlan;
  readonly tenantId: string;
  readonly siteId: string;
}

export interface BootstrapReport {
  readonly type: 'report';
  readonly seconds: number;
  readonly rows: number;
  readonly peakRssMb: number;
  readonly kernelPeakRssMb: number;
  readonly startRssMb: number;
  /** CPU time (user + system) the device process spent in the sync. */
  readonly cpuSeconds: number;
  /** CPU time of closing the counter afterwards (the last WAL checkpoint). */
  readonly closeCpuSeconds: number;
  readonly lastError: string | null;
  readonly rawSeconds: number;
}

function countRows(dataDir: string): number {
  const db = new Database(join(dataDir, REPLICA_FILE), { readonly: true });
  try {
    let total = 0;
    for (const table of TABLE_NAMES) {
      total += db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quote(table)}`).get()?.n ?? 0;
    }
    return total;
  } finally {
    db.close();
  }
}

async function bootstrap(job: BootstrapJob): Promise<BootstrapReport> {
  const root = await mkdtemp(join(tmpdir(), 'forecourt-bench-bootstrap-'));
  try {
    const dataDir = join(root, 'device');
    const counter = openCounter({ dataDir, WebSocket: null, logger: silentLogger });
    await counter.enrol({ serverUrl: job.serverUrl, code: job.code, name: 'Bench counter' });
    await counter.login({ email: job.email, password: job.password });
    global.gc?.();
    const startRssMb = process.memoryUsage().rss / 2 ** 20;
    const sampler = new RssSampler();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const status = await counter.syncNow();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const peak = sampler.stop();
    // Closing copies what is left of the WAL into the database file (work the sync left behind).
    const closeStart = process.cpuUsage();
    await counter.close();
    const closeCpu = process.cpuUsage(closeStart);
    const rows = countRows(dataDir);

    // The baseline writes into the replica's tables and indexes without the local derived-data
    // triggers (the device rebuilds those tables at the snapshot's end, inside its own time).
    const baseline = openReplica(join(root, 'raw'), { logger: silentLogger });
    baseline.transaction(() => suspendDerivedTriggers(baseline))();
    const rawMs = rawInsertSite(baseline, job.plan, { tenantId: job.tenantId, siteId: job.siteId });
    baseline.close();
    return {
      type: 'report',
      seconds,
      rows,
      peakRssMb: peak.sampledMb,
      kernelPeakRssMb: peak.kernelMb,
      startRssMb,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      closeCpuSeconds: (closeCpu.user + closeCpu.system) / 1e6,
      lastError: status.lastError ? `${status.lastError.code}: ${status.lastError.message}` : null,
      rawSeconds: rawMs / 1000,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

serveParent(async (message) => {
  if (message.type !== 'run') throw new Error(`unknown request ${message.type}`);
  const report = await bootstrap(message.job as BootstrapJob); // the parent sends a BootstrapJob
  // Send, then let the process end on its own (a CPU profile is written on a normal exit).
  process.send?.(report, () => process.disconnect?.());
  return null;
});
