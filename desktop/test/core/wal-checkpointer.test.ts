import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../src/core/replica/wal-checkpointer.ts';

/**
 * The replica's checkpoints run between transactions (a timer tick), not inside the commit that
 * crosses SQLite's 1,000-page default: the WAL may grow past it until the next tick, which then
 * copies everything back, and nothing is lost either way.
 */
describe('WAL checkpointer', () => {
  let dir: string;
  let db: Database.Database;
  let checkpointer: WalCheckpointer | null = null;
  const PAGE = 4096;
  const walFrames = () => Math.floor((statSync(`${db.name}-wal`).size - 32) / (24 + PAGE));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forecourt-wal-'));
    db = new Database(join(dir, 'replica.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(() => {
    checkpointer?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // ~1 page per row: 1,500 commits write well over the 1,000-page default.
  const writeCommits = (count: number, from = 0) => {
    const insert = db.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
    for (let i = from; i < from + count; i++) insert.run(i, 'x'.repeat(PAGE - 200));
  };

  it('keeps checkpoints out of the commits until a tick copies the log back', () => {
    checkpointer = new WalCheckpointer(db, { intervalMs: 60_000, safetyValvePages: 8000 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    writeCommits(1500);
    // SQLite's own checkpoint would have reset the log at ~1,000 frames; it grew instead.
    expect(walFrames()).toBeGreaterThan(1500);

    checkpointer.tick();
    const [after] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(after?.checkpointed).toBe(after?.log);
    expect(checkpointer.stats()).toMatchObject({ runs: 1 });
    expect(checkpointer.stats().pagesCopied).toBeGreaterThan(1500);

    // The next writer starts the log from its beginning again: the file stops growing.
    const size = statSync(`${db.name}-wal`).size;
    writeCommits(100, 1500);
    expect(statSync(`${db.name}-wal`).size).toBe(size);
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1600 });
  });

  it('does nothing on a tick when nothing was committed since the last one', () => {
    checkpointer = new WalCheckpointer(db, { intervalMs: 60_000 });
    writeCommits(10);
    checkpointer.tick();
    checkpointer.tick();
    expect(checkpointer.stats().runs).toBe(1);
    writeCommits(1, 10);
    checkpointer.tick();
    expect(checkpointer.stats().runs).toBe(2);
  });

  it('does not checkpoint inside an open transaction', () => {
    checkpointer = new WalCheckpointer(db, { intervalMs: 60_000 });
    db.transaction(() => {
      writeCommits(5);
      checkpointer?.tick();
    })();
    expect(checkpointer.stats().runs).toBe(0);
  });

  it('runs on its own timer', async () => {
    checkpointer = new WalCheckpointer(db, { intervalMs: 5 });
    writeCommits(20);
    await expect.poll(() => checkpointer?.stats().runs, { timeout: 5000 }).toBeGreaterThan(0);
  });
});
