import type { AsyncRowStore, Row, TableName } from '@forecourt/shared';
import type { Database, Queryable } from '../../db/database.ts';
import { pgRowStore } from '../../db/pg-store.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import { allocateVersion, appendChanges, notifyCommit, type ChangeEntry } from '../../sync/change-log.ts';
import { runWithRetry } from '../../sync/retry.ts';
import { EffectError } from '../inbox/process.ts';

export interface EffectPlan<T> {
  /** Full rows to upsert; empty when the event changes nothing (a duplicate or a late event). */
  readonly rows: ReadonlyArray<{ table: TableName; row: Row }>;
  readonly result: T;
}

/**
 * Applies a webhook effect as the server, in one tenant-confined transaction: first a
 * transaction-scoped advisory lock on the entity (payment intent, message, envelope, vehicle), so
 * that effects of one entity run one at a time across workers and server instances; then `decide`
 * reads the current rows and returns the rows to write; those are upserted and appended to the
 * change log under one version, so counters receive them on their next pull. Returns the version
 * written, or null when nothing changed.
 */
export async function applyEntityEffect<T>(
  db: Database,
  tenantId: string,
  entityKey: string,
  decide: (store: AsyncRowStore, tx: Queryable) => Promise<EffectPlan<T>>,
): Promise<{ result: T; version: number | null }> {
  // A failure keeps its tenant, so that the owner sees the failed (and later dead) event.
  return runWithRetry(() =>
    withTenant(db, tenantId, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`integrations:${entityKey}`]);
      const store = pgRowStore(tx, tenantId);
      const plan = await decide(store, tx);
      if (plan.rows.length === 0) return { result: plan.result, version: null };
      const entries: ChangeEntry[] = [];
      for (const { table, row } of plan.rows) {
        await store.put(table, row);
        entries.push({ table, id: row.id, op: 'put', row });
      }
      const version = await allocateVersion(tx);
      await appendChanges(tx, tenantId, version, entries);
      await notifyCommit(tx, tenantId, version);
      return { result: plan.result, version };
    }),
  ).catch((error: unknown) => {
    throw error instanceof EffectError ? error : EffectError.from(error, tenantId);
  });
}

/**
 * Writes full rows and their change-log entries inside a caller's transaction (one that also
 * records an outbound call and enqueues its job), tenant-checked by the row store.
 */
export async function writeRowsInTransaction(
  tx: Queryable,
  tenantId: string,
  rows: ReadonlyArray<{ table: TableName; row: Row }>,
): Promise<number> {
  const store = pgRowStore(tx, tenantId);
  const entries: ChangeEntry[] = [];
  for (const { table, row } of rows) {
    await store.put(table, row);
    entries.push({ table, id: row.id, op: 'put', row });
  }
  const version = await allocateVersion(tx);
  await appendChanges(tx, tenantId, version, entries);
  await notifyCommit(tx, tenantId, version);
  return version;
}

/**
 * Locks a stored row until the transaction ends. Two effects on one row under different entity
 * keys (the checkout job and a webhook of the same payment) then read it one after the other.
 */
export async function lockRow(tx: Queryable, table: TableName, id: string): Promise<void> {
  await tx.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
}
