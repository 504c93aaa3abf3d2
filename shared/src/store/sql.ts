import { DomainError } from '../errors.ts';
import { tableSpec, type TableName } from '../schema/tables.ts';
import type { Scalar } from '../mutations/types.ts';
import type { FindOptions } from './port.ts';

/**
 * SQL text shared by the SQLite and PostgreSQL stores. Identifiers come only from the table
 * registry (never from input), values only through placeholders.
 */
export interface Dialect {
  placeholder(index: number): string;
}
export const SQLITE: Dialect = { placeholder: () => '?' };
export const POSTGRES: Dialect = { placeholder: (index) => `$${index}` };

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function assertColumn(table: TableName, column: string): void {
  if (!Object.hasOwn(tableSpec(table).columns, column)) {
    throw new DomainError('invalid', `${table} has no column ${column}`);
  }
}

export interface Statement {
  readonly text: string;
  readonly columns: readonly string[];
  readonly values: readonly Scalar[];
}

/** WHERE tenant_id = ? AND col = ? … (null compares with IS NULL). Values stay unencoded. */
export function whereClause(
  dialect: Dialect,
  table: TableName,
  tenantId: string,
  where: Readonly<Record<string, Scalar>>,
  includeDeleted: boolean,
): Statement {
  const parts = [`tenant_id = ${dialect.placeholder(1)}`];
  const columns = ['tenant_id'];
  const values: Scalar[] = [tenantId];
  for (const [column, value] of Object.entries(where)) {
    assertColumn(table, column);
    if (value === null) {
      parts.push(`${quote(column)} IS NULL`);
      continue;
    }
    columns.push(column);
    values.push(value);
    parts.push(`${quote(column)} = ${dialect.placeholder(values.length)}`);
  }
  if (!includeDeleted) parts.push('deleted_at IS NULL');
  return { text: parts.join(' AND '), columns, values };
}

export function selectSql(
  dialect: Dialect,
  table: TableName,
  tenantId: string,
  where: Readonly<Record<string, Scalar>>,
  options: FindOptions,
): Statement {
  const clause = whereClause(dialect, table, tenantId, where, options.includeDeleted ?? false);
  let text = `SELECT * FROM ${quote(table)} WHERE ${clause.text}`;
  const orderBy = options.orderBy ?? 'id';
  assertColumn(table, orderBy);
  text += ` ORDER BY ${quote(orderBy)} ${options.descending ? 'DESC' : 'ASC'}, id ASC`;
  if (options.limit !== undefined) {
    if (!Number.isSafeInteger(options.limit) || options.limit < 0) throw new DomainError('invalid', 'bad limit');
    text += ` LIMIT ${options.limit}`;
  }
  return { ...clause, text };
}

export function upsertSql(dialect: Dialect, table: TableName, replace: boolean): string {
  const columns = Object.keys(tableSpec(table).columns);
  const names = columns.map(quote).join(', ');
  const values = columns.map((_, index) => dialect.placeholder(index + 1)).join(', ');
  const base = `INSERT INTO ${quote(table)} (${names}) VALUES (${values})`;
  if (!replace) return base;
  const assignments = columns
    .filter((column) => column !== 'id')
    .map((column) => `${quote(column)} = excluded.${quote(column)}`)
    .join(', ');
  // The WHERE keeps a row of another tenant untouched even if an id were ever reused.
  return `${base} ON CONFLICT (id) DO UPDATE SET ${assignments} WHERE ${quote(table)}.tenant_id = excluded.tenant_id`;
}
