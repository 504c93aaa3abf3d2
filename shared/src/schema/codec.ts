import { DomainError } from '../errors.ts';
import type { ColumnKind, ColumnSpec, Row, RowValue, TableSpec } from './tables.ts';

/**
 * Checks that a value fits its column before it reaches either database, so that both stores
 * reject the same bad input with the same error.
 */
export function checkColumnValue(table: string, column: string, spec: ColumnSpec, value: unknown): void {
  if (value === null || value === undefined) {
    if (!spec.nullable) throw new DomainError('invalid', `${table}.${column} is required`);
    return;
  }
  if (!fitsKind(spec.kind, value)) throw new DomainError('invalid', `${table}.${column} must be of kind ${spec.kind}`);
}

/** A plain switch, no closure: this runs for every column of every row either store writes. */
function fitsKind(kind: ColumnKind, value: unknown): boolean {
  switch (kind) {
    case 'id':
    case 'text':
    case 'time':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'json':
      return typeof value === 'object';
  }
}

export function checkRow(spec: TableSpec, row: Record<string, unknown>): void {
  for (const key of Object.keys(row)) {
    if (!Object.hasOwn(spec.columns, key)) throw new DomainError('invalid', `${spec.name} has no column ${key}`);
  }
  for (const [column, columnSpec] of Object.entries(spec.columns)) {
    checkColumnValue(spec.name, column, columnSpec, row[column]);
  }
}

/** Fills absent nullable columns with null so that a row always has every column. */
export function completeRow(spec: TableSpec, row: Record<string, unknown>): Row {
  const complete: Record<string, unknown> = {};
  for (const column of Object.keys(spec.columns)) complete[column] = row[column] ?? null;
  return complete as Row; // every column present; checkRow validates kinds
}

/** Decodes a value read from SQLite (booleans as 0/1, JSON as text, integers as number or bigint). */
export function decodeSqliteValue(spec: ColumnSpec, raw: unknown): RowValue {
  if (raw === null || raw === undefined) return null;
  switch (spec.kind) {
    case 'bool':
      return raw === 1 || raw === 1n || raw === true;
    case 'json':
      return typeof raw === 'string' ? (JSON.parse(raw) as RowValue) : (raw as RowValue);
    case 'int':
      return typeof raw === 'bigint' ? Number(raw) : (raw as number);
    default:
      return raw as string;
  }
}

export function encodeSqliteValue(spec: ColumnSpec, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case 'bool':
      return value ? 1 : 0;
    case 'json':
      return JSON.stringify(value);
    default:
      return value as string | number;
  }
}

/** Decodes a value read from PostgreSQL or PGlite (int8 may arrive as string or bigint). */
export function decodePgValue(spec: ColumnSpec, raw: unknown): RowValue {
  if (raw === null || raw === undefined) return null;
  switch (spec.kind) {
    case 'int':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'json':
      return typeof raw === 'string' ? (JSON.parse(raw) as RowValue) : (raw as RowValue);
    case 'bool':
      return raw === true || raw === 't';
    default:
      return raw as string;
  }
}

export function encodePgValue(spec: ColumnSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // pg serialises JS arrays as Postgres arrays; JSON columns must always travel as text.
  if (spec.kind === 'json') return JSON.stringify(value);
  return value;
}
