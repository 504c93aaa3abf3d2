import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Children, until, type Child } from './children.ts';
import { Cluster } from './cluster.ts';
import { Device } from './device.ts';
import { checkInvariants } from './invariants.ts';

/**
 * Issue #3, long offline: a counter that queued MUTATIONS changes offline reconnects and drains
 * them, its event loop never blocked for more than 50 ms at a time, its memory bounded, and it
 * resumes correctly after being killed with -9 halfway. The counter core runs in a child process
 * (long-offline-child.ts), as in the app.
 */
const MUTATIONS = Number(process.env.LONG_OFFLINE_MUTATIONS ?? 50_000);
const MAX_BLOCK_MS = 50;
const MAX_RSS_MB = 700;
const CHILD = fileURLToPath(new URL('./long-offline-child.ts', import.meta.url));
const TIME_LIMIT_MS = Number(process.env.LONG_OFFLINE_TIME_LIMIT_MS ?? 300_000);

interface Progress {
  readonly pending?: number;
  readonly maxBlockMs?: number;
  /** The longest slice in the first second (start-up, reported apart: see long-offline-child.ts). */
  readonly startupBlockMs?: number;
  readonly maxDelayMs?: number;
  readonly rssMaxMb?: number;
  readonly ms?: number;
  readonly done?: boolean;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(`a counter offline with ${MUTATIONS} queued mutations`, () => {
  const children = new Children();
  let cluster: Cluster;
  let device: Device;

  beforeAll(async () => {
    cluster = await Cluster.start(children, 1);
    const siteA = cluster.sites[0];
    device = await Device.enrol(cluster, 'offline', cluster.user('staff', siteA), siteA);
    expect((await device.sync()).value).toMatchObject({ lastError: null, snapshots: 1 });
    await device.stop();
  }, 240_000);

  afterAll(async () => {
    await children.killAll();
    await cluster?.close();
    await device?.remove();
  });

  // LONG_OFFLINE_CPU_PROF=DIR writes a V8 CPU profile of each core process that exits normally.
  const profile = process.env.LONG_OFFLINE_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LONG_OFFLINE_CPU_PROF}`]
    : [];
  const core = (mode: 'queue' | 'drain', ...args: string[]): Child =>
    children.start(
      `core-${mode}`,
      process.execPath,
      [...profile, '--import', 'tsx', CHILD, mode, device.dataDir, ...args],
      process.env,
    );

  const finished = async (child: Child, what: string, timeoutMs: number): Promise<Progress> => {
    const last = () => child.lines.at(-1) as Progress | undefined; // the child prints progress objects
    await until(what, () => last()?.done === true || (!child.running && child.lines.length > 0), timeoutMs, 250);
    if (!last()?.done) throw new Error(`${what}: the core exited early (${await child.exited}): ${child.stderrTail}`);
    return last() ?? {};
  };

  const serverLast = async (): Promise<number> => {
    const result = await cluster.db.query<{ last: number }>(
      'SELECT last_mutation_id AS last FROM sync_clients WHERE device_id = $1',
      [device.deviceId],
    );
    return Number(result.rows[0]?.last ?? 0);
  };

  it(
    'drains them without long blocking or unbounded memory, and resumes after kill -9 halfway',
    { timeout: TIME_LIMIT_MS },
    async () => {
      const started = Date.now();
      cluster.proxy.cut('offline');
      const queued = await finished(core('queue', String(MUTATIONS)), 'queueing offline', TIME_LIMIT_MS);
      const queuedMs = Date.now() - started;
      cluster.proxy.heal('offline');

      const first = core('drain');
      await until(
        'half of the outbox on the server',
        async () => (await serverLast()) >= MUTATIONS / 2 || !first.running,
        TIME_LIMIT_MS,
        200,
      );
      expect(first.running, first.stderrTail).toBe(true);
      await first.kill9();
      const beforeKill = (first.lines.at(-1) ?? {}) as Progress; // its last progress report
      const atKill = await serverLast();
      expect(atKill).toBeLessThan(MUTATIONS);

      const drained = await finished(core('drain'), 'draining after the restart', TIME_LIMIT_MS);
      const figures = { mutations: MUTATIONS, queuedMs, atKill, beforeKill, drained, totalMs: Date.now() - started };
      console.log(`long offline: ${JSON.stringify(figures)}`);

      expect(queued).toMatchObject({ pending: MUTATIONS });
      for (const run of [beforeKill, drained]) {
        expect(run.maxBlockMs).toBeLessThanOrEqual(MAX_BLOCK_MS);
        // Wall-clock delay also counts time the machine left the process waiting for a CPU: checked
        // where the machine is quiet enough for it to measure the code (LONG_OFFLINE_WALL_CLOCK=1).
        if (process.env.LONG_OFFLINE_WALL_CLOCK === '1') expect(run.maxDelayMs).toBeLessThanOrEqual(MAX_BLOCK_MS);
        expect(run.rssMaxMb).toBeLessThan(MAX_RSS_MB);
      }
      // Each mutation exactly once on the server, nothing rejected, and the replica equals the server.
      await device.start();
      const { problems, reports } = await checkInvariants(cluster, [device]);
      expect(problems).toEqual([]);
      expect(reports[0]?.lastMutationId).toBe(MUTATIONS);
      expect(reports[0]?.status.rejections).toEqual([]);
    },
  );
});
