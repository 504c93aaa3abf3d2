import type Database from 'better-sqlite3';
import { compareHlc, isHlc, isTableName, type MutationEnv, type Row, type TableName } from '@forecourt/shared';
import type { PendingMutationView, RejectionView } from '../counter-api.ts';
import { META, type MetaTable } from './meta.ts';

export interface OutboxEntry {
  readonly mutationId: number;
  readonly name: string;
  readonly args: unknown;
  readonly hlc: string;
  readonly env: MutationEnv;
  readonly actorId: string;
  readonly baseVersion: number;
  readonly createdAt: string;
  readonly localError: string | null;
  /** Whether outbox_reads holds what the mutation read (set when read back from the outbox). */
  readonly readsRecorded?: boolean;
}

/** A row a mutation's load read by id, or (rowId null) a table it searched. */
export interface ReadRef {
  readonly table: TableName;
  readonly rowId: string | null;
}

export interface UndoImage {
  readonly table: TableName;
  readonly rowId: string;
  /** The row before the mutation touched it; null when the mutation created it. */
  readonly before: Row | null;
}

interface OutboxRecord {
  mutation_id: number;
  name: string;
  args: string;
  hlc: string;
  env: string;
  actor_id: string;
  base_version: number;
  created_at: string;
  local_error: string | null;
  reads_recorded: number;
}

interface RejectionRecord {
  mutation_id: number;
  name: string;
  args: string;
  actor_id: string;
  error_code: string;
  error_message: string;
  created_at: string;
  rejected_at: string;
}

function toEntry(record: OutboxRecord): OutboxEntry {
  return {
    mutationId: record.mutation_id,
    name: record.name,
    args: JSON.parse(record.args) as unknown,
    hlc: record.hlc,
    env: JSON.parse(record.env) as MutationEnv, // written only by append() from a recorded env
    actorId: record.actor_id,
    baseVersion: record.base_version,
    createdAt: record.created_at,
    localError: record.local_error,
    readsRecorded: record.reads_recorded === 1,
  };
}

/**
 * The outbox, its undo images and the rejections, on the replica's connection. Callers run these
 * inside their own transaction (mutation runner, rebase); nothing here opens one.
 */
export class Outbox {
  readonly #db: Database.Database;
  readonly #meta: MetaTable;

  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database, meta: MetaTable) {
    this.#db = db;
    this.#meta = meta;
  }

  /** Prepared once per connection: the runner and every rebase use the same few statements. */
  #sql<Params extends unknown[] = unknown[], Result = unknown>(text: string): Database.Statement<Params, Result> {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement as Database.Statement<Params, Result>; // the caller names the shape of its own SQL
  }

  /**
   * The next mutation id: exactly one more than the last one ever handed out here, which is the
   * newest outbox row's, or, once the outbox has drained, the one meta kept when that row was
   * dropped (`drop`) — never reused (the server would skip a reused id as already applied). The
   * caller writes the outbox row with this id in the same transaction, so nothing else is written
   * here: meta is not touched by a local write (one page fewer, docs/performance.md).
   */
  takeMutationId(): number {
    const maxRow = this.#sql<[], { id: number | null }>('SELECT max(mutation_id) AS id FROM outbox').get();
    return Math.max(this.#meta.getInt(META.lastMutationId, 0), maxRow?.id ?? 0) + 1;
  }

  /** The clock of the newest queued mutation: the latest local timestamp not (yet) kept in meta. */
  newestHlc(): string | null {
    return (
      this.#sql<[], { hlc: string }>('SELECT hlc FROM outbox ORDER BY mutation_id DESC LIMIT 1').get()?.hlc ?? null
    );
  }

  /**
   * Queues a mutation together with what its load read. The row is written with reads_recorded
   * already 1, so that the partial index of unknown footprints is never touched on this path
   * (one page fewer per local write, docs/performance.md).
   */
  append(entry: OutboxEntry, reads: readonly ReadRef[]): void {
    this.#sql(
      `INSERT INTO outbox (mutation_id, name, args, hlc, env, actor_id, base_version, created_at, local_error, reads_recorded)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ).run(
      entry.mutationId,
      entry.name,
      JSON.stringify(entry.args),
      entry.hlc,
      JSON.stringify(entry.env),
      entry.actorId,
      entry.baseVersion,
      entry.createdAt,
      entry.localError,
    );
    this.#insertReads(entry.mutationId, reads);
  }

  #insertReads(mutationId: number, reads: readonly ReadRef[]): void {
    const insert = this.#sql('INSERT INTO outbox_reads (mutation_id, table_name, row_id) VALUES (?, ?, ?)');
    for (const read of reads) insert.run(mutationId, read.table, read.rowId);
  }

  /**
   * Records what a mutation queued before its reads were kept (reads_recorded 0) read, when a
   * rebase re-runs it; the same on every run, since a load depends only on the input and the device.
   */
  replaceReads(mutationId: number, reads: readonly ReadRef[]): void {
    this.#sql('DELETE FROM outbox_reads WHERE mutation_id = ?').run(mutationId);
    this.#insertReads(mutationId, reads);
    this.#sql('UPDATE outbox SET reads_recorded = 1 WHERE mutation_id = ?').run(mutationId);
  }

  /** Pending mutations after `afterId` that wrote the row, read it, or searched its table. */
  touching(table: string, rowId: string, afterId: number): number[] {
    return this.#sql<[{ table: string; row: string; after: number }], { mutation_id: number }>(
      `SELECT mutation_id FROM outbox_undo WHERE table_name = @table AND row_id = @row AND mutation_id > @after
       UNION SELECT mutation_id FROM outbox_reads WHERE table_name = @table AND row_id = @row AND mutation_id > @after
       UNION SELECT mutation_id FROM outbox_reads WHERE table_name = @table AND row_id IS NULL AND mutation_id > @after`,
    )
      .all({ table, row: rowId, after: afterId })
      .map((row) => row.mutation_id);
  }

  /** The first pending mutation after `afterId` that wrote the row, or null. */
  firstWriterAfter(table: string, rowId: string, afterId: number): number | null {
    const row = this.#sql<[string, string, number], { id: number | null }>(
      'SELECT min(mutation_id) AS id FROM outbox_undo WHERE table_name = ? AND row_id = ? AND mutation_id > ?',
    ).get(table, rowId, afterId);
    return row?.id ?? null;
  }

  /** The row as it was just before the mutation first wrote it (null: it did not exist). */
  imageBefore(mutationId: number, table: string, rowId: string): Row | null {
    const image = this.#sql<[number, string, string], { before: string | null }>(
      'SELECT before FROM outbox_undo WHERE mutation_id = ? AND table_name = ? AND row_id = ? ORDER BY seq LIMIT 1',
    ).get(mutationId, table, rowId);
    return image?.before ? (JSON.parse(image.before) as Row) : null; // written from a Row by recordUndo
  }

  /** The rows the mutation's optimistic effects wrote (its write set). */
  writtenRows(mutationId: number): Array<{ table: string; rowId: string }> {
    return this.#sql<[number], { table_name: string; row_id: string }>(
      'SELECT DISTINCT table_name, row_id FROM outbox_undo WHERE mutation_id = ?',
    )
      .all(mutationId)
      .map((row) => ({ table: row.table_name, rowId: row.row_id }));
  }

  /** Pending mutations to re-run on every rebase: queued before reads were recorded, or failing locally. */
  unknownFootprints(): Array<{ id: number; readsKnown: boolean }> {
    return this.#sql<[], { mutation_id: number; reads_recorded: number }>(
      'SELECT mutation_id, reads_recorded FROM outbox WHERE reads_recorded = 0 OR local_error IS NOT NULL',
    )
      .all()
      .map((row) => ({ id: row.mutation_id, readsKnown: row.reads_recorded === 1 }));
  }

  /** Pending mutations after `id` that wrote a row the mutation `id` read, or a row of a table it searched. */
  laterWritersOfReads(id: number): number[] {
    return this.#sql<[number], { mutation_id: number }>(
      `SELECT DISTINCT u.mutation_id FROM outbox_reads r
       JOIN outbox_undo u ON u.table_name = r.table_name AND (r.row_id IS NULL OR u.row_id = r.row_id)
       WHERE r.mutation_id = ? AND u.mutation_id > r.mutation_id`,
    )
      .all(id)
      .map((row) => row.mutation_id);
  }

  /** Ids of pending mutations after `id`. */
  idsAfter(id: number): number[] {
    return this.#sql<[number], { mutation_id: number }>('SELECT mutation_id FROM outbox WHERE mutation_id > ?')
      .all(id)
      .map((row) => row.mutation_id);
  }

  /** Ids of pending mutations up to `lastId`. */
  idsUpTo(lastId: number): number[] {
    return this.#sql<[number], { mutation_id: number }>('SELECT mutation_id FROM outbox WHERE mutation_id <= ?')
      .all(lastId)
      .map((row) => row.mutation_id);
  }

  /** The pending mutations with these ids, in id order. */
  entries(ids: readonly number[]): OutboxEntry[] {
    const one = this.#sql<[number], OutboxRecord>('SELECT * FROM outbox WHERE mutation_id = ?');
    return [...ids]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const record = one.get(id);
        return record ? [toEntry(record)] : [];
      });
  }

  /** Pending mutations in id order, optionally only those after `afterId`. */
  pending(afterId = 0, limit = -1): OutboxEntry[] {
    return this.#sql<[number, number], OutboxRecord>(
      'SELECT * FROM outbox WHERE mutation_id > ? ORDER BY mutation_id LIMIT ?',
    )
      .all(afterId, limit)
      .map(toEntry);
  }

  /** True when nothing is pending (rejections are kept apart and do not count). */
  isEmpty(): boolean {
    return this.#sql<[], { one: number }>('SELECT 1 AS one FROM outbox LIMIT 1').get() === undefined;
  }

  /**
   * How many mutations are pending and the first one queued (the oldest, in queue order). A plain
   * count(*) is SQLite's b-tree count, which reads no row; the first is found by its rowid.
   */
  stats(): { count: number; oldestCreatedAt: string | null; smallestId: number | null } {
    const counted = this.#sql<[], { n: number }>('SELECT count(*) AS n FROM outbox').get();
    const first = this.#sql<[], { mutation_id: number; created_at: string }>(
      'SELECT mutation_id, created_at FROM outbox ORDER BY mutation_id LIMIT 1',
    ).get();
    return {
      count: counted?.n ?? 0,
      oldestCreatedAt: first?.created_at ?? null,
      smallestId: first?.mutation_id ?? null,
    };
  }

  /** The smallest pending mutation id (asked on every pull), found by its rowid alone. */
  smallestId(): number | null {
    return this.#sql<[], { id: number | null }>('SELECT min(mutation_id) AS id FROM outbox').get()?.id ?? null;
  }

  recordUndo(mutationId: number, seq: number, image: UndoImage): void {
    this.#sql('INSERT INTO outbox_undo (mutation_id, seq, table_name, row_id, before) VALUES (?, ?, ?, ?, ?)').run(
      mutationId,
      seq,
      image.table,
      image.rowId,
      image.before === null ? null : JSON.stringify(image.before),
    );
  }

  /** The mutation's before-images, last change first: the order that undoes it. */
  undoImages(mutationId: number): UndoImage[] {
    const rows = this.#sql<[number], { table_name: string; row_id: string; before: string | null }>(
      'SELECT table_name, row_id, before FROM outbox_undo WHERE mutation_id = ? ORDER BY seq DESC',
    ).all(mutationId);
    return rows.flatMap((row) => {
      if (!isTableName(row.table_name)) return [];
      const before = row.before === null ? null : (JSON.parse(row.before) as Row); // written from a Row
      return [{ table: row.table_name, rowId: row.row_id, before }];
    });
  }

  clearUndo(mutationId: number): void {
    this.#sql('DELETE FROM outbox_undo WHERE mutation_id = ?').run(mutationId);
  }

  setLocalError(mutationId: number, message: string | null): void {
    this.#sql('UPDATE outbox SET local_error = ? WHERE mutation_id = ?').run(message, mutationId);
  }

  /**
   * Removes a mutation the server has settled, with its undo images. Its row was where its id and
   * its clock were kept (takeMutationId, Replica.hlcForNewMutation): meta keeps them from now on.
   */
  drop(mutationId: number): void {
    const row = this.#sql<[number], { hlc: string }>('SELECT hlc FROM outbox WHERE mutation_id = ?').get(mutationId);
    if (row) {
      if (mutationId > this.#meta.getInt(META.lastMutationId, 0))
        this.#meta.set(META.lastMutationId, String(mutationId));
      const kept = this.#meta.get(META.hlc);
      if (isHlc(row.hlc) && (kept === null || !isHlc(kept) || compareHlc(row.hlc, kept) > 0)) {
        this.#meta.set(META.hlc, row.hlc);
      }
    }
    this.clearUndo(mutationId);
    this.#sql('DELETE FROM outbox_reads WHERE mutation_id = ?').run(mutationId);
    this.#sql('DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
  }

  reject(entry: OutboxEntry, error: { code: string; message: string }, rejectedAt: string): void {
    this.#sql(
      `INSERT OR REPLACE INTO rejections
           (mutation_id, name, args, actor_id, error_code, error_message, created_at, rejected_at, dismissed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    ).run(
      entry.mutationId,
      entry.name,
      JSON.stringify(entry.args),
      entry.actorId,
      error.code,
      error.message,
      entry.createdAt,
      rejectedAt,
    );
    this.drop(entry.mutationId);
  }

  rejections(): RejectionView[] {
    return this.#sql<[], RejectionRecord>('SELECT * FROM rejections WHERE dismissed_at IS NULL ORDER BY mutation_id')
      .all()
      .map((row) => ({
        mutationId: row.mutation_id,
        name: row.name,
        args: JSON.parse(row.args) as unknown,
        actorId: row.actor_id,
        code: row.error_code,
        message: row.error_message,
        createdAt: row.created_at,
        rejectedAt: row.rejected_at,
      }));
  }

  dismissRejection(mutationId: number, at: string): boolean {
    const result = this.#sql(
      'UPDATE rejections SET dismissed_at = ? WHERE mutation_id = ? AND dismissed_at IS NULL',
    ).run(at, mutationId);
    return result.changes > 0;
  }

  views(): PendingMutationView[] {
    return this.pending().map((entry) => ({
      mutationId: entry.mutationId,
      name: entry.name,
      args: entry.args,
      actorId: entry.actorId,
      createdAt: entry.createdAt,
      localError: entry.localError,
    }));
  }
}
