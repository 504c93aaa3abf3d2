import type { Logger } from 'pino';
import { buildApp, loadConfig, openServerDatabase, type ServerConfig } from '@forecourt/sync-server';
import type { Database } from '@forecourt/sync-server/db/database';
import { createSyncEngine } from '@forecourt/sync-server/sync/engine';
import type { SyncEngine } from '@forecourt/sync-server/sync/types';

/**
 * The real sync server in this process on embedded PGlite, with the database and engine at
 * hand for seeding. Used by `npm start` and the end-to-end tests; stopping and starting it on
 * the same folder and port is how the tests take the server "down".
 */
export interface LocalServer {
  readonly url: string;
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly clock: () => number;
  close(): Promise<void>;
}

export async function startLocalServer(options: {
  dataDir: string;
  port: number;
  logger: Logger;
  config?: Partial<ServerConfig>;
}): Promise<LocalServer> {
  const config = loadConfig(
    {},
    { dataDir: options.dataDir, port: options.port, host: '127.0.0.1', databaseUrl: null, ...options.config },
  );
  const clock = Date.now;
  const db = await openServerDatabase(config, options.logger);
  const engine = createSyncEngine({ db, logger: options.logger, clock });
  try {
    await engine.start();
    const app = buildApp({ db, engine, logger: options.logger, config, clock });
    await app.listen({ port: config.port, host: config.host });
    return {
      url: `http://127.0.0.1:${config.port}`,
      db,
      engine,
      clock,
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
