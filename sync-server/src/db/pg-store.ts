import {
  DomainError,
  POSTGRES,
  TABLE_NAMES,
  checkRow,
  decodePgValue,
  encodePgValue,
  quote,
  selectSql,
  tableSpec,
  upsertSql,
  whereClause,
  type AsyncRowStore,
  type ColumnSpec,
  type FindOptions,
  type Row,
  type RowBlock,
  type Scalar,
  type TableName,
} from '@forecourt/shared';
import type { Database, Queryable } from './database.ts';

/** Each table's columns as a list, built once at load: decoding runs for every row a snapshot sends. */
const COLUMNS: ReadonlyMap<TableName, ReadonlyArray<readonly [string, ColumnSpec]>> = new Map(
  TABLE_NAMES.map((table) => [table, Object.entries(tableSpec(table).columns)] as const),
);

export function decodePgRow(table: TableName, raw: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const [column, columnSpec] of COLUMNS.get(table) ?? Object.entries(tableSpec(table).columns)) {
    row[column] = decodePgValue(columnSpec, raw[column]);
  }
  return row as Row; // every registry column decoded
}

/** PostgreSQL rows of a table as one row block: registry columns in registry order, decoded. */
export function rowBlock(table: TableName, raws: readonly Record<string, unknown>[]): RowBlock {
  const columns = COLUMNS.get(table) ?? Object.entries(tableSpec(table).columns);
  return {
    table,
    columns: columns.map(([column]) => column),
    rows: raws.map((raw) => columns.map(([column, columnSpec]) => decodePgValue(columnSpec, raw[column]))),
  };
}

function encodeRow(table: TableName, row: Row): unknown[] {
  const spec = tableSpec(table);
  return Object.entries(spec.columns).map(([column, columnSpec]) => encodePgValue(columnSpec, row[column]));
}

function encodeWhere(table: TableName, columns: readonly string[], values: readonly Scalar[]): unknown[] {
  const spec = tableSpec(table);
  return values.map((value, index) => {
    const columnSpec = spec.columns[columns[index] ?? ''];
    return columnSpec ? encodePgValue(columnSpec, value) : value;
  });
}

/**
 * The store port on PostgreSQL or PGlite, bound to one tenant and to one connection or
 * transaction. `transaction` on a store made from a Database opens one; on a store already inside
 * a transaction it runs in it.
 */
/**
 * The row, locked until the transaction ends (SELECT … FOR UPDATE): a push that updates a row
 * merges its fields into what is there now, so a concurrent push that changes the same row waits
 * instead of having its fields overwritten by a stale copy (a lost update).
 */
export async function getRowForUpdate(
  target: Queryable,
  tenantId: string,
  table: TableName,
  id: string,
): Promise<Row | null> {
  const result = await target.query(`SELECT * FROM ${quote(table)} WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [
    id,
    tenantId,
  ]);
  const raw = result.rows[0];
  return raw ? decodePgRow(table, raw as Record<string, unknown>) : null;
}

export function pgRowStore(target: Queryable, tenantId: string, db?: Database): AsyncRowStore {
  const assertTenant = (row: Row) => {
    if (row.tenant_id !== tenantId) throw new DomainError('forbidden', 'row belongs to another tenant');
  };
  const store: AsyncRowStore = {
    tenantId,
    async get(table, id) {
      const result = await target.query(`SELECT * FROM ${quote(table)} WHERE id = $1 AND tenant_id = $2`, [
        id,
        tenantId,
      ]);
      const raw = result.rows[0];
      return raw ? decodePgRow(table, raw) : null;
    },
    async find(table, where, options: FindOptions = {}) {
      const statement = selectSql(POSTGRES, table, tenantId, where, options);
      const result = await target.query(statement.text, encodeWhere(table, statement.columns, statement.values));
      return result.rows.map((raw) => decodePgRow(table, raw));
    },
    async count(table, where = {}) {
      const clause = whereClause(POSTGRES, table, tenantId, where, false);
      const result = await target.query<{ n: number | string }>(
        `SELECT count(*)::int AS n FROM ${quote(table)} WHERE ${clause.text}`,
        encodeWhere(table, clause.columns, clause.values),
      );
      return Number(result.rows[0]?.n ?? 0);
    },
    async insert(table, row) {
      checkRow(tableSpec(table), row);
      assertTenant(row);
      await target.query(upsertSql(POSTGRES, table, false), encodeRow(table, row));
    },
    async put(table, row) {
      checkRow(tableSpec(table), row);
      assertTenant(row);
      const result = await target.query(upsertSql(POSTGRES, table, true), encodeRow(table, row));
      if (result.rowCount === 0) throw new DomainError('forbidden', 'row belongs to another tenant');
    },
    async remove(table, id) {
      await target.query(`DELETE FROM ${quote(table)} WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
    },
    async transaction(fn) {
      if (!db) return fn(store);
      return db.transaction((tx) => fn(pgRowStore(tx, tenantId)));
    },
  };
  return store;
}
