import type { ChildProcess } from 'node:child_process';
import { exited, forkTs, request } from './child.ts';
import type { ClientWrites } from './raw-replay.ts';
import type { SeededSite } from './server.ts';

export interface ServerProcess {
  readonly url: string;
  seed(devices: number): Promise<SeededSite>;
  /** CPU time the server process has used so far (user + system), and its RSS. */
  usage(): Promise<{ cpuMs: number; rssMb: number }>;
  /** The row writes of the pushes so far, from the change log (for the raw baseline). */
  writes(): Promise<ClientWrites>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** PostgreSQL database URL; null runs the server on an in-memory PGlite inside its process. */
  readonly databaseUrl: string | null;
  readonly pokeIntervalMs?: number;
  readonly poolMax?: number;
}

/** The real sync server in its own Node process, so its CPU is not shared with the load it serves. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = forkTs(new URL('./server-child.ts', import.meta.url), {
    BENCH_SERVER_DB_URL: options.databaseUrl ?? '',
    ...(options.pokeIntervalMs ? { BENCH_POKE_INTERVAL_MS: String(options.pokeIntervalMs) } : {}),
    ...(options.poolMax ? { BENCH_POOL_MAX: String(options.poolMax) } : {}),
  });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (message) => {
      const typed = message as { type: string; url?: string; message?: string }; // ready or error
      if (typed.type === 'ready' && typed.url) resolve({ url: typed.url });
      else reject(new Error(`server process failed: ${typed.message ?? typed.type}`));
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  return {
    url: ready.url,
    seed: async (devices) =>
      (await request<{ type: 'seeded'; site: SeededSite }>(child, { type: 'seed', devices }, 'seeded')).site,
    usage: async () => {
      const reply = await request<{ type: 'usage'; cpuMs: number; rssMb: number }>(child, { type: 'usage' }, 'usage');
      return { cpuMs: reply.cpuMs, rssMb: reply.rssMb };
    },
    writes: async () =>
      (await request<{ type: 'writes'; writes: ClientWrites }>(child, { type: 'writes' }, 'writes')).writes,
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      await exited(child);
    },
  };
}
