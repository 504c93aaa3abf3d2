import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/postgres', import.meta.url));
export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestDatabase {
  readonly db: Database;
  readonly url: string | null;
  drop(): Promise<void>;
}

export interface DatabaseKind {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a server (CI sets it). */
export function databaseKinds(): DatabaseKind[] {
  const kinds: DatabaseKind[] = [{ name: 'pglite', open: openTestPglite }];
  if (process.env.TEST_DATABASE_URL) kinds.push({ name: 'postgres', open: openTestPostgres });
  return kinds;
}

export async function openTestPglite(): Promise<TestDatabase> {
  const db = await openPgliteDatabase();
  await migrate(db, MIGRATIONS_DIR, silentLogger);
  return { db, url: null, drop: () => db.close() };
}

/** A fresh database on the TEST_DATABASE_URL server, dropped afterwards: tests never share one. */
export async function createFreshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `forecourt_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function openTestPostgres(): Promise<TestDatabase> {
  const fresh = await createFreshPostgres();
  const db = await openPgDatabase(fresh.url, silentLogger);
  await migrate(db, MIGRATIONS_DIR, silentLogger);
  return {
    db,
    url: fresh.url,
    async drop() {
      await db.close();
      await fresh.drop();
    },
  };
}
