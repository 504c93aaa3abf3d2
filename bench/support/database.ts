import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type { Database } from '../../sync-server/src/db/database.ts';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { openPgDatabase } from '../../sync-server/src/db/pg-database.ts';
import { openPgliteDatabase } from '../../sync-server/src/db/pglite-database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/postgres', import.meta.url));
export const quietLogger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

/**
 * The PostgreSQL server benchmarks create their databases on: BENCH_DATABASE_URL, DATABASE_URL or
 * TEST_DATABASE_URL, else the local server these machines run. Each run creates its own database.
 */
export function adminUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE forecourt_bench_<pid>_<random>, migrated; drop() removes it. */
export async function createFreshPostgres(label = 'bench'): Promise<FreshDatabase> {
  const admin = adminUrl();
  const name = `forecourt_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPgDatabase(url.toString(), quietLogger, { max: 2 });
  await migrate(db, MIGRATIONS_DIR, quietLogger);
  await db.close();
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: admin });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  return openPgDatabase(url, quietLogger, { max });
}

/** An in-memory PGlite, migrated. */
export async function openFreshPglite(): Promise<Database> {
  const db = await openPgliteDatabase();
  await migrate(db, MIGRATIONS_DIR, quietLogger);
  return db;
}
