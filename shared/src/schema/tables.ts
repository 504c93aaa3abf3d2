import { BLOB_TABLES } from '../domain/blobs/tables.ts';
import { GARAGE_TABLES } from '../domain/garage/tables.ts';
import { INTEGRATION_TABLES } from '../domain/integrations/tables.ts';
import { RENTAL_TABLES } from '../domain/rental/tables.ts';
import { CORE_TABLES } from './core-tables.ts';
import type { TableSpec } from './table-spec.ts';

export * from './table-spec.ts';

/**
 * The table registry: every replicated table and its columns. The SQLite replica and the central
 * PostgreSQL schema are both checked against it (see the schema tests), the stores use it to
 * encode and decode values, and the sync scope rules read `scope` from it. Each domain area keeps
 * its tables in its own file and adds them here; the order is the order of a snapshot.
 */
export const TABLES = {
  ...CORE_TABLES,
  ...INTEGRATION_TABLES,
  ...GARAGE_TABLES,
  ...RENTAL_TABLES,
  ...BLOB_TABLES,
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export function isTableName(value: unknown): value is TableName {
  return typeof value === 'string' && Object.hasOwn(TABLES, value);
}

export function tableSpec(name: TableName): TableSpec {
  return TABLES[name];
}
