import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { openServerDatabase } from './open-database.ts';
import { createSyncEngine } from './sync/engine.ts';

export interface RunningServer {
  readonly url: string;
  readonly database: 'postgres' | 'pglite';
  /** Stops accepting requests, closes live sockets, the engine and the database. */
  close(): Promise<void>;
}

/** Opens and migrates the database, starts the engine, and listens. */
export async function startServer(
  config: ServerConfig,
  logger: Logger,
  clock: () => number = Date.now,
): Promise<RunningServer> {
  const db = await openServerDatabase(config, logger);
  const engine = createSyncEngine({ db, logger, clock });
  try {
    await engine.start();
    const app = buildApp({ db, engine, logger, config, clock });
    const url = await app.listen({ port: config.port, host: config.host });
    return {
      url,
      database: db.kind,
      async close() {
        await app.close();
        await engine.stop();
        await db.close();
      },
    };
  } catch (error) {
    await engine.stop();
    await db.close();
    throw error;
  }
}
