import { tableSpec, type Row, type TableName } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';

export interface ChangeEntry {
  readonly table: TableName;
  readonly id: string;
  readonly op: 'put' | 'remove';
  readonly row: Row | null;
}

/** Channel for pokes between server instances: payload `<tenantId>:<version>`. */
export const CHANGES_CHANNEL = 'forecourt_changes';

/**
 * Takes the next version from the single-row counter. Call it as late as possible in the
 * transaction: the row lock it takes is held until commit, which serialises the tails of writing
 * transactions and makes versions visible in commit order (DESIGN §4.3).
 */
export async function allocateVersion(tx: Queryable): Promise<number> {
  const result = await tx.query<{ version: number | string }>(
    'UPDATE sync_counter SET version = version + 1 WHERE id = 1 RETURNING version',
  );
  const version = result.rows[0]?.version;
  if (version === undefined) throw new Error('sync_counter row is missing');
  return Number(version);
}

/** The scope key of a change: the row's site for site-scoped tables, null for tenant-wide ones. */
export function scopeSiteOf(table: TableName, row: Row | null): string | null {
  if (tableSpec(table).scope !== 'site' || !row) return null;
  return typeof row.site_id === 'string' ? row.site_id : null;
}

/** Appends entries under one version with one multi-row INSERT (unnest keeps it one round trip). */
export async function appendChanges(
  tx: Queryable,
  tenantId: string,
  version: number,
  entries: readonly ChangeEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO change_log (version, seq, tenant_id, site_id, table_name, row_id, op, row)
     SELECT $1, s.seq, $2, s.site_id, s.table_name, s.row_id, s.op, s.row::jsonb
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS s(seq, site_id, table_name, row_id, op, row)`,
    [
      version,
      tenantId,
      entries.map((_, index) => index),
      entries.map((entry) => scopeSiteOf(entry.table, entry.row)),
      entries.map((entry) => entry.table),
      entries.map((entry) => entry.id),
      entries.map((entry) => entry.op),
      entries.map((entry) => (entry.row ? JSON.stringify(entry.row) : null)),
    ],
  );
}

export async function notifyCommit(tx: Queryable, tenantId: string, version: number): Promise<void> {
  // Delivered by PostgreSQL only when the transaction commits, to every listening instance.
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, `${tenantId}:${version}`]);
}
