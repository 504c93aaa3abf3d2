import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger.ts';
import { derivedTriggersSuspended, resumeDerivedTriggers } from './derived-data.ts';
import { applyMigrations, DEFAULT_SQLITE_MIGRATIONS_DIR, hasPendingMigrations } from './migrations.ts';

export const REPLICA_FILE = 'replica.sqlite';

export interface OpenReplicaOptions {
  readonly migrationsDir?: string;
  readonly logger: Logger;
}

/**
 * Opens (creating if needed) the replica in `dataDir` and brings its schema up to date.
 * WAL lets the UI read while sync writes; NORMAL is durable across application crashes in WAL
 * mode (an OS crash may lose the last commits, which the server or the outbox then resends);
 * busy_timeout covers a second process (the CLI) holding the write lock briefly.
 */
export function openReplica(dataDir: string, options: OpenReplicaOptions): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, REPLICA_FILE));
  const migrationsDir = options.migrationsDir ?? DEFAULT_SQLITE_MIGRATIONS_DIR;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // A migration may change the derived-data triggers: put them back (rebuilt) before it runs
    // when a first sync stopped halfway with them set aside.
    if (derivedTriggersSuspended(db) && hasPendingMigrations(db, migrationsDir)) {
      db.transaction(() => resumeDerivedTriggers(db)).immediate();
    }
    applyMigrations(db, migrationsDir, options.logger);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
