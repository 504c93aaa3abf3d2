import {
  DomainError,
  POSTGRES,
  checkRow,
  decodePgValue,
  encodePgValue,
  quote,
  tableSpec,
  type AsyncRowStore,
  type Row,
  type TableName,
} from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { getRowForUpdate, pgRowStore } from '../db/pg-store.ts';
import { InsertClash } from './apply-mutation.ts';

/** How a pushed mutation reads and writes rows: straight to the transaction, or through a chunk's buffer. */
export interface MutationRows {
  readonly store: AsyncRowStore;
  /** The row an update or delete merges into, locked until the transaction ends (the lost-update guard). */
  getForUpdate(table: TableName, id: string): Promise<Row | null>;
  /**
   * The row is inserted by this transaction, so it has no field clocks (those of its fields are
   * saved at the transaction's end; rows are never hard-deleted, so no earlier row left any).
   */
  isNew(table: TableName, id: string): boolean;
}

/** Every read and write goes to the transaction at once (the careful path). */
export function directRows(tx: Queryable, tenantId: string): MutationRows {
  return {
    store: pgRowStore(tx, tenantId),
    getForUpdate: (table, id) => getRowForUpdate(tx, tenantId, table, id),
    isNew: () => false,
  };
}

interface Pending {
  readonly table: TableName;
  readonly row: Row;
  /** Written with a plain INSERT (a fresh row): a key that exists makes the flush fail. */
  readonly fresh: boolean;
}

interface JournalEntry {
  readonly table: TableName;
  readonly id: string;
  readonly previous: Pending | undefined;
}

/** Where a mutation's writes start in the journal; set when a flush wrote some of them out. */
export interface UndoMark {
  journal: number;
  flushedOwnWrites: boolean;
}

/** The buffered rows could not all be written: the chunk runs again the careful way. */
export class FlushRefused extends Error {
  constructor() {
    super('a buffered write was refused');
    this.name = 'FlushRefused';
  }
}

/** Rows per statement: far below PostgreSQL's 65,535 parameters for the widest table. */
const ROWS_PER_STATEMENT = 500;

const keyOf = (table: string, id: string) => `${table}\u0000${id}`;

/**
 * A push chunk's row writes, kept in memory and written set-based at the end of the chunk: one
 * multi-row INSERT (fresh rows) and one multi-row upsert per table instead of one statement per
 * row (docs/performance.md). Reads see the chunk's own writes first, as they would see them in
 * the transaction:
 *
 * - `get` and `getForUpdate` answer from the buffer; a row read from the database by `get` is
 *   kept for the rest of the chunk (a plain read, as decide's inputs always were: not locked);
 * - `getForUpdate` of a row not in the buffer always reads the database `FOR UPDATE`, so every
 *   update still merges into the row as it stands, locked (rows in the buffer are either new in
 *   this chunk or were read `FOR UPDATE` by an earlier mutation of it);
 * - `find`, `count` and `remove` write the buffer out first, then ask the database.
 *
 * Any failure of a write (a key that exists, a unique or check violation, another tenant's row)
 * surfaces at `flush`; the caller then rolls the chunk back and runs it again with a savepoint
 * per mutation and every statement at once, which gives each mutation exactly its careful outcome.
 */
export class ChunkRows implements MutationRows {
  readonly store: AsyncRowStore;
  /** Rows to write, by table in the order of their first write; one entry per row (its last content). */
  readonly #pending = new Map<TableName, Map<string, Pending>>();
  readonly #journal: JournalEntry[] = [];
  /** Rows this chunk read from (or wrote to) the database, and rows known to be absent (null). */
  readonly #read = new Map<string, Row | null>();
  readonly #direct: AsyncRowStore;
  #mark: UndoMark | null = null;

  constructor(
    private readonly tx: Queryable,
    private readonly tenantId: string,
  ) {
    this.#direct = pgRowStore(tx, tenantId);
    this.store = this.#bufferedStore();
  }

  /** A point to undo to if the mutation about to run is rejected. */
  mark(): UndoMark {
    const mark: UndoMark = { journal: this.#journal.length, flushedOwnWrites: false };
    this.#mark = mark;
    return mark;
  }

  /**
   * Drops the writes made since `mark`. False if some of them were already written out (a `find`
   * after the mutation's first write): then only a rollback can undo them.
   */
  undoTo(mark: UndoMark): boolean {
    if (mark.flushedOwnWrites) return false;
    while (this.#journal.length > mark.journal) {
      const entry = this.#journal.pop();
      if (!entry) break;
      const rows = this.#pending.get(entry.table);
      if (entry.previous) rows?.set(entry.id, entry.previous);
      else rows?.delete(entry.id);
    }
    return true;
  }

  async getForUpdate(table: TableName, id: string): Promise<Row | null> {
    const pending = this.#pending.get(table)?.get(id);
    if (pending) return copyRow(table, pending.row);
    const row = await getRowForUpdate(this.tx, this.tenantId, table, id);
    this.#read.set(keyOf(table, id), row);
    return row ? copyRow(table, row) : null;
  }

  /**
   * A fresh row of this chunk not yet written out: if it existed after all, the flush fails and
   * the chunk runs carefully, so within a buffered run that completes this answer is right.
   */
  isNew(table: TableName, id: string): boolean {
    return this.#pending.get(table)?.get(id)?.fresh === true;
  }

  /** Writes every buffered row: per table, one INSERT of the fresh rows and one upsert of the others. */
  async flush(): Promise<void> {
    if (this.#journal.length === 0) return;
    for (const [table, rows] of this.#pending) {
      const fresh: Row[] = [];
      const replace: Row[] = [];
      for (const pending of rows.values()) (pending.fresh ? fresh : replace).push(pending.row);
      for (let start = 0; start < fresh.length; start += ROWS_PER_STATEMENT) {
        await this.#write(table, fresh.slice(start, start + ROWS_PER_STATEMENT), false);
      }
      for (let start = 0; start < replace.length; start += ROWS_PER_STATEMENT) {
        await this.#write(table, replace.slice(start, start + ROWS_PER_STATEMENT), true);
      }
      for (const [id, pending] of rows) this.#read.set(keyOf(table, id), pending.row);
    }
    if (this.#mark) {
      if (this.#journal.length > this.#mark.journal) this.#mark.flushedOwnWrites = true;
      this.#mark.journal = 0;
    }
    this.#pending.clear();
    this.#journal.length = 0;
  }

  async #write(table: TableName, rows: readonly Row[], replace: boolean): Promise<void> {
    const columns = Object.entries(tableSpec(table).columns);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows) {
      const placeholders: string[] = [];
      for (const [column, columnSpec] of columns) {
        params.push(encodePgValue(columnSpec, row[column]));
        placeholders.push(POSTGRES.placeholder(params.length));
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    const names = columns.map(([column]) => quote(column)).join(', ');
    let text = `INSERT INTO ${quote(table)} (${names}) VALUES ${tuples.join(', ')}`;
    if (replace) {
      const assignments = columns
        .filter(([column]) => column !== 'id')
        .map(([column]) => `${quote(column)} = excluded.${quote(column)}`)
        .join(', ');
      text += ` ON CONFLICT (id) DO UPDATE SET ${assignments} WHERE ${quote(table)}.tenant_id = excluded.tenant_id`;
    }
    const result = await this.tx.query(text, params);
    // An upsert that left a row alone met another tenant's row with that id: the careful run says
    // which mutation. Not a DomainError: a refused flush is never one mutation's rejection.
    if (result.rowCount !== rows.length) throw new FlushRefused();
  }

  #buffer(table: TableName, row: Row, fresh: boolean): void {
    checkRow(tableSpec(table), row);
    if (row.tenant_id !== this.tenantId) throw new DomainError('forbidden', 'row belongs to another tenant');
    const id = String(row.id);
    let rows = this.#pending.get(table);
    if (!rows) {
      rows = new Map();
      this.#pending.set(table, rows);
    }
    const previous = rows.get(id);
    // A fresh insert of a key this chunk already wrote clashes, as the plain INSERT would.
    if (fresh && (previous || this.#read.get(keyOf(table, id)))) throw new InsertClash();
    this.#journal.push({ table, id, previous });
    this.#read.delete(keyOf(table, id));
    rows.set(id, { table, row: normalise(table, row), fresh: fresh || (previous?.fresh ?? false) });
  }

  #bufferedStore(): AsyncRowStore {
    const direct = this.#direct;
    const store: AsyncRowStore = {
      tenantId: this.tenantId,
      get: async (table, id) => {
        const pending = this.#pending.get(table)?.get(id);
        if (pending) return copyRow(table, pending.row);
        const key = keyOf(table, id);
        if (this.#read.has(key)) {
          const known = this.#read.get(key) ?? null;
          return known ? copyRow(table, known) : null;
        }
        const row = await direct.get(table, id);
        this.#read.set(key, row);
        return row ? copyRow(table, row) : null;
      },
      find: async (table, where, options) => {
        if (this.#pending.has(table)) await this.flush();
        return direct.find(table, where, options);
      },
      count: async (table, where) => {
        if (this.#pending.has(table)) await this.flush();
        return direct.count(table, where);
      },
      insert: async (table, row) => this.#buffer(table, row, true),
      put: async (table, row) => this.#buffer(table, row, false),
      remove: async (table, id) => {
        await this.flush();
        this.#read.delete(keyOf(table, id));
        await direct.remove(table, id);
      },
      transaction: (fn) => fn(store),
    };
    return store;
  }
}

/** The row as the database would give it back: every column, JSON values as stored (a copy). */
function normalise(table: TableName, row: Row): Row {
  const out: Record<string, unknown> = {};
  for (const [column, columnSpec] of Object.entries(tableSpec(table).columns)) {
    out[column] = decodePgValue(columnSpec, encodePgValue(columnSpec, row[column]));
  }
  return out as Row;
}

/** A copy a caller may change without changing the buffer (JSON values included). */
function copyRow(table: TableName, row: Row): Row {
  const out: Record<string, unknown> = { ...row };
  for (const [column, columnSpec] of Object.entries(tableSpec(table).columns)) {
    const value = out[column];
    if (columnSpec.kind === 'json' && value !== null && typeof value === 'object') out[column] = structuredClone(value);
  }
  return out as Row;
}
