import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger.ts';

/** The repository's migrations/sqlite folder, found relative to this file (the packaged app passes its own). */
export const DEFAULT_SQLITE_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations/sqlite/', import.meta.url));

const MIGRATION_FILE = /^\d{4}_[\w-]+\.sql$/;

/**
 * Applies every `NNNN_name.sql` in order, each once, each in its own transaction. Migrations are
 * append-only: a file that changed after it was applied is reported, never re-run, because
 * re-running DDL against a live replica would fail half-way or lose data.
 */
export function applyMigrations(db: Database.Database, dir: string, logger: Logger): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Map(
    db
      .prepare<[], { name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')
      .all()
      .map((row) => [row.name, row.checksum]),
  );
  const record = db.prepare('INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (?, ?, ?)');
  const files = readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
  const newlyApplied: string[] = [];
  for (const name of files) {
    const sql = readFileSync(join(dir, name), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = applied.get(name);
    if (previous !== undefined) {
      if (previous !== checksum) logger.warn({ migration: name }, 'applied migration changed since; not re-run');
      continue;
    }
    db.transaction(() => {
      db.exec(sql);
      record.run(name, checksum, new Date().toISOString());
    }).immediate();
    newlyApplied.push(name);
  }
  return newlyApplied;
}

/** Whether `dir` holds a migration this replica has not applied yet. */
export function hasPendingMigrations(db: Database.Database, dir: string): boolean {
  const known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!known) return true;
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((row) => row.name),
  );
  return readdirSync(dir).some((name) => MIGRATION_FILE.test(name) && !applied.has(name));
}
