import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openPgDatabase } from './db/pg-database.ts';
import { openPgliteDatabase } from './db/pglite-database.ts';
import { lockDataDir } from './data-dir-lock.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/postgres', import.meta.url));

/**
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite in the data folder (locked to this
 * process); migrated before anything else touches it. Closing also releases the folder.
 */
export async function openServerDatabase(config: ServerConfig, logger: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const db = await openPgDatabase(config.databaseUrl, logger);
    await migrate(db, MIGRATIONS_DIR, logger).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    return db;
  }
  await mkdir(config.dataDir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir);
  const db = await openPgliteDatabase(config.dataDir).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const closeAndUnlock = async () => {
    await db.close();
    await unlock();
  };
  await migrate(db, MIGRATIONS_DIR, logger).catch(async (error: unknown) => {
    await closeAndUnlock();
    throw error;
  });
  return { ...db, kind: db.kind, close: closeAndUnlock };
}
