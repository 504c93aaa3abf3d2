import type { Database, Queryable, TransactionOptions } from './database.ts';

/**
 * Runs fn in a transaction that row-level security confines to one tenant (migration 0002): the
 * role drops to forecourt_app and forecourt.tenant_id is set for this transaction only.
 */
export async function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (tx: Queryable) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  return db.transaction(async (tx) => {
    await enterTenant(tx, tenantId);
    return fn(tx);
  }, options);
}

export async function enterTenant(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query("SELECT set_config('forecourt.tenant_id', $1, true), set_config('role', 'forecourt_app', true)", [
    tenantId,
  ]);
}
