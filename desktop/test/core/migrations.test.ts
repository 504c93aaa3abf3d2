import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import { applyMigrations } from '../../src/core/replica/migrations.ts';
import { openReplica } from '../../src/core/replica/open-replica.ts';

describe('replica migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forecourt-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the replica in WAL mode with the repository migrations applied once each', () => {
    const first = openReplica(join(dir, 'data'), { logger: silentLogger });
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.pragma('synchronous', { simple: true })).toBe(1);
    expect(first.pragma('busy_timeout', { simple: true })).toBe(5000);
    const applied = first.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all();
    expect(applied[0]).toBe('0001_init.sql');
    first.close();
    const again = openReplica(join(dir, 'data'), { logger: silentLogger });
    expect(again.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all()).toEqual(applied);
    again.close();
  });

  it('applies new files in order, never re-runs a changed one, and rolls back a failing one', () => {
    const migrations = join(dir, 'sql');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '0002_b.sql'), 'INSERT INTO t (v) VALUES (2);');
    writeFileSync(join(migrations, '0001_a.sql'), 'CREATE TABLE t (v INTEGER);');
    writeFileSync(join(migrations, 'notes.txt'), 'not a migration');
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_details, message) => warnings.push(message) };
    const db = new Database(join(dir, 'db.sqlite'));
    expect(applyMigrations(db, migrations, logger)).toEqual(['0001_a.sql', '0002_b.sql']);
    writeFileSync(join(migrations, '0002_b.sql'), 'INSERT INTO t (v) VALUES (22);');
    writeFileSync(join(migrations, '0003_c.sql'), 'INSERT INTO t (v) VALUES (3); INSERT INTO missing VALUES (1);');
    expect(() => applyMigrations(db, migrations, logger)).toThrow(/missing/);
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([2]);
    expect(warnings).toEqual(['applied migration changed since; not re-run']);
    db.close();
  });
});
