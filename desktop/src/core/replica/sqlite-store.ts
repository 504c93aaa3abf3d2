import type Database from 'better-sqlite3';
import {
  DomainError,
  SQLITE,
  checkColumnValue,
  checkRow,
  decodeSqliteValue,
  encodeSqliteValue,
  quote,
  selectSql,
  tableSpec,
  upsertSql,
  whereClause,
  type ColumnSpec,
  type FindOptions,
  type Row,
  type RowBlock,
  type Scalar,
  type SyncRowStore,
  type TableName,
} from '@forecourt/shared';

type SqlValue = string | number | null;
type RawRow = Record<string, unknown>;

export function decodeSqliteRow(table: TableName, raw: RawRow): Row {
  const row: Record<string, unknown> = {};
  for (const [column, spec] of Object.entries(tableSpec(table).columns)) {
    row[column] = decodeSqliteValue(spec, raw[column]);
  }
  return row as Row; // every registry column decoded
}

/** What a store needs per table on every write, built once: SQL text and the column list. */
interface TablePlan {
  readonly columns: ReadonlyArray<readonly [string, ColumnSpec]>;
  readonly get: string;
  readonly insert: string;
  readonly upsert: string;
  readonly remove: string;
}

function planTable(table: TableName): TablePlan {
  return {
    columns: Object.entries(tableSpec(table).columns),
    get: `SELECT * FROM ${quote(table)} WHERE id = ? AND tenant_id = ?`,
    insert: upsertSql(SQLITE, table, false),
    upsert: upsertSql(SQLITE, table, true),
    remove: `DELETE FROM ${quote(table)} WHERE id = ? AND tenant_id = ?`,
  };
}

function encodeRow(plan: TablePlan, row: Row): SqlValue[] {
  const values: SqlValue[] = new Array<SqlValue>(plan.columns.length);
  for (let index = 0; index < plan.columns.length; index++) {
    const [column, spec] = plan.columns[index] as readonly [string, ColumnSpec]; // index < length
    values[index] = encodeSqliteValue(spec, row[column]);
  }
  return values;
}

function encodeWhere(table: TableName, columns: readonly string[], values: readonly Scalar[]): SqlValue[] {
  const specs = tableSpec(table).columns;
  return values.map((value, index) => {
    const spec = specs[columns[index] ?? ''];
    // A boolean compared without a column spec still has to reach SQLite as 0/1.
    if (!spec) return typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return encodeSqliteValue(spec, value);
  });
}

/** Find/count SQL varies with the where-shape; past this many shapes the cache starts over. */
const MAX_DYNAMIC_STATEMENTS = 256;

/** Prepared statements for one connection, shared by every store bound to it. */
export class StatementCache {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<SqlValue[], RawRow>>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  get(sql: string): Database.Statement<SqlValue[], RawRow> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_DYNAMIC_STATEMENTS) this.#statements.clear();
      statement = this.#db.prepare<SqlValue[], RawRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Writes the rows of a pull page as the server sent them, in one pass per row: each registry
 * column taken from the row (absent ones as null, columns this version does not know left out),
 * checked and encoded, then the store's own upsert. The same rules and statement as
 * `put(table, completeRow(spec, { ...row, id }))`, without the two intermediate objects per row
 * (a first sync writes hundreds of thousands). Returns false for a row of another tenant, which
 * is not written.
 */
export type ServerRowWriter = (table: TableName, id: string, row: Readonly<Record<string, unknown>>) => boolean;

export function serverRowWriter(db: Database.Database, tenantId: string, statements: StatementCache): ServerRowWriter {
  const plans = new Map<TableName, TablePlan>();
  return (table, id, row) => {
    if (row.tenant_id !== tenantId) return false;
    let plan = plans.get(table);
    if (!plan) {
      plan = planTable(table);
      plans.set(table, plan);
    }
    const values: SqlValue[] = new Array<SqlValue>(plan.columns.length);
    for (let index = 0; index < plan.columns.length; index++) {
      const [column, spec] = plan.columns[index] as readonly [string, ColumnSpec]; // index < length
      const value = column === 'id' ? id : (row[column] ?? null);
      checkColumnValue(table, column, spec, value);
      values[index] = encodeSqliteValue(spec, value);
    }
    const result = statements.get(plan.upsert).run(...values);
    // The upsert's WHERE leaves another tenant's row with the same id untouched: zero changes.
    if (result.changes === 0) throw new DomainError('forbidden', 'row belongs to another tenant');
    return true;
  };
}

/**
 * Writes a row block's rows (protocol.ts RowBlock) with the same rules and statement as
 * `serverRowWriter`: each registry column found by its position in the block (absent ones null,
 * columns this version does not know left out), checked and encoded. Rows of another tenant are
 * not written; returns how many there were.
 */
export type RowBlockWriter = (table: TableName, block: RowBlock) => number;

export function rowBlockWriter(db: Database.Database, tenantId: string, statements: StatementCache): RowBlockWriter {
  const plans = new Map<TableName, TablePlan>();
  return (table, block) => {
    let plan = plans.get(table);
    if (!plan) {
      plan = planTable(table);
      plans.set(table, plan);
    }
    const columns = plan.columns;
    const positions = columns.map(([column]) => block.columns.indexOf(column));
    const idAt = block.columns.indexOf('id');
    const tenantAt = block.columns.indexOf('tenant_id');
    const statement = statements.get(plan.upsert);
    const values: SqlValue[] = new Array<SqlValue>(columns.length);
    let refused = 0;
    for (const row of block.rows) {
      if (tenantAt < 0 || row[tenantAt] !== tenantId) {
        refused += 1;
        continue;
      }
      if (idAt < 0 || typeof row[idAt] !== 'string')
        throw new DomainError('invalid', `pull: a row of ${table} has no id`);
      for (let index = 0; index < columns.length; index++) {
        const [column, spec] = columns[index] as readonly [string, ColumnSpec]; // index < length
        const at = positions[index] ?? -1;
        const value = at >= 0 ? (row[at] ?? null) : null;
        checkColumnValue(table, column, spec, value);
        values[index] = encodeSqliteValue(spec, value);
      }
      // The upsert's WHERE leaves another tenant's row with the same id untouched: zero changes.
      if (statement.run(...values).changes === 0) throw new DomainError('forbidden', 'row belongs to another tenant');
    }
    return refused;
  };
}

export interface SqliteStoreOptions {
  /** Share one cache between the stores of a connection; a store makes its own otherwise. */
  readonly statements?: StatementCache;
}

/**
 * The store port on better-sqlite3, bound to one tenant. Synchronous throughout, so that a
 * mutation's read-decide-write runs inside one better-sqlite3 transaction with no await.
 * `transaction` nests as a SAVEPOINT when already inside one.
 */
export function sqliteRowStore(
  db: Database.Database,
  tenantId: string,
  options: SqliteStoreOptions = {},
): SyncRowStore {
  const statements = options.statements ?? new StatementCache(db);
  const plans = new Map<TableName, TablePlan>();
  const planOf = (table: TableName): TablePlan => {
    let plan = plans.get(table);
    if (!plan) {
      plan = planTable(table);
      plans.set(table, plan);
    }
    return plan;
  };
  const assertTenant = (row: Row): void => {
    if (row.tenant_id !== tenantId) throw new DomainError('forbidden', 'row belongs to another tenant');
  };
  return {
    tenantId,
    get(table, id) {
      const raw = statements.get(planOf(table).get).get(id, tenantId);
      return raw ? decodeSqliteRow(table, raw) : null;
    },
    find(table, where, findOptions: FindOptions = {}) {
      const statement = selectSql(SQLITE, table, tenantId, where, findOptions);
      const values = encodeWhere(table, statement.columns, statement.values);
      return statements
        .get(statement.text)
        .all(...values)
        .map((raw) => decodeSqliteRow(table, raw));
    },
    count(table, where = {}) {
      const clause = whereClause(SQLITE, table, tenantId, where, false);
      const sql = `SELECT count(*) AS n FROM ${quote(table)} WHERE ${clause.text}`;
      const raw = statements.get(sql).get(...encodeWhere(table, clause.columns, clause.values));
      return Number(raw?.n ?? 0);
    },
    insert(table, row) {
      checkRow(tableSpec(table), row);
      assertTenant(row);
      const plan = planOf(table);
      statements.get(plan.insert).run(...encodeRow(plan, row));
    },
    put(table, row) {
      checkRow(tableSpec(table), row);
      assertTenant(row);
      const plan = planOf(table);
      const result = statements.get(plan.upsert).run(...encodeRow(plan, row));
      // The upsert's WHERE leaves another tenant's row with the same id untouched: zero changes.
      if (result.changes === 0) throw new DomainError('forbidden', 'row belongs to another tenant');
    },
    remove(table, id) {
      statements.get(planOf(table).remove).run(id, tenantId);
    },
    transaction(fn) {
      return db.transaction(fn)();
    },
  };
}
