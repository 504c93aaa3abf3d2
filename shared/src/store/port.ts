import type { Row, TableName } from '../schema/tables.ts';
import type { Scalar } from '../mutations/types.ts';

export interface FindOptions {
  readonly orderBy?: string | undefined;
  readonly descending?: boolean | undefined;
  readonly limit?: number | undefined;
  /** Tombstoned rows are left out unless asked for. */
  readonly includeDeleted?: boolean | undefined;
}

/**
 * The store port: row access to the replicated tables, bound to one tenant. The counter
 * implements it synchronously on better-sqlite3 (a transaction there must not await), the server
 * asynchronously on PostgreSQL and PGlite. The conformance suite in conformance.ts holds all three
 * to the same behaviour.
 */
export interface SyncRowStore {
  readonly tenantId: string;
  /** The row, tombstone included; null when absent or of another tenant. */
  get(table: TableName, id: string): Row | null;
  find(table: TableName, where: Readonly<Record<string, Scalar>>, options?: FindOptions): Row[];
  count(table: TableName, where?: Readonly<Record<string, Scalar>>): number;
  insert(table: TableName, row: Row): void;
  /** Writes the full row, inserting or replacing. */
  put(table: TableName, row: Row): void;
  /** Physical delete: only for undoing optimistic rows and for erasure; domain deletes are tombstones. */
  remove(table: TableName, id: string): void;
  transaction<T>(fn: () => T): T;
}

export interface AsyncRowStore {
  readonly tenantId: string;
  get(table: TableName, id: string): Promise<Row | null>;
  find(table: TableName, where: Readonly<Record<string, Scalar>>, options?: FindOptions): Promise<Row[]>;
  count(table: TableName, where?: Readonly<Record<string, Scalar>>): Promise<number>;
  insert(table: TableName, row: Row): Promise<void>;
  put(table: TableName, row: Row): Promise<void>;
  remove(table: TableName, id: string): Promise<void>;
  /** Runs fn in one transaction on a store bound to it; rolls back if fn throws. */
  transaction<T>(fn: (store: AsyncRowStore) => Promise<T>): Promise<T>;
}
