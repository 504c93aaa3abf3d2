/**
 * Entry of a sync server in its own process (see server-process.ts): PostgreSQL at
 * BENCH_SERVER_DB_URL, or an in-memory PGlite when it is empty.
 */
import type { Database } from '../../sync-server/src/db/database.ts';
import { serveParent } from './child.ts';
import { readPushedWrites } from './raw-replay.ts';
import { openFreshPglite, openPostgres } from './database.ts';
import { seedSite, startBenchServer, type BenchServer } from './server.ts';

async function main(): Promise<void> {
  const url = process.env.BENCH_SERVER_DB_URL ?? '';
  const pokeMs = Number(process.env.BENCH_POKE_INTERVAL_MS ?? '');
  const db: Database = url
    ? await openPostgres(url, Number(process.env.BENCH_POOL_MAX ?? 10))
    : await openFreshPglite();
  const server: BenchServer = await startBenchServer(
    db,
    Number.isFinite(pokeMs) && pokeMs > 0 ? { livePokeIntervalMs: pokeMs } : {},
  );
  serveParent(async (message) => {
    if (message.type === 'seed') return { type: 'seeded', site: await seedSite(server, Number(message.devices)) };
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      return { type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 };
    }
    if (message.type === 'writes') return { type: 'writes', writes: await readPushedWrites(db) };
    if (message.type === 'stop') {
      await server.close();
      await db.close();
      // Exit from here (not process.exit) so that --cpu-prof can write its profile.
      process.disconnect?.();
      return null;
    }
    throw new Error(`unknown request ${message.type}`);
  });
  process.send?.({ type: 'ready', url: server.url });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
});
