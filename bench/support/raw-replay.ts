import { POSTGRES, encodePgValue, isTableName, quote, tableSpec, upsertSql, type TableName } from '@forecourt/shared';
import type { Database, Queryable } from '../../sync-server/src/db/database.ts';

interface RowWrite {
  readonly table: TableName;
  readonly id: string;
  readonly row: Record<string, unknown> | null;
}

/** The row writes of each pushing client, one inner array per transaction (change-log version). */
export type ClientWrites = RowWrite[][][];

/** What the engine wrote for the pushes: the change log, grouped by client and transaction. */
export async function readPushedWrites(db: Queryable): Promise<ClientWrites> {
  const result = await db.query<{
    version: number;
    client_id: string;
    table_name: string;
    row_id: string;
    row: unknown;
  }>(
    `SELECT c.version, r.client_id, c.table_name, c.row_id, c.row
       FROM change_log c JOIN (SELECT DISTINCT version, client_id FROM mutation_results) r ON r.version = c.version
      ORDER BY c.version, c.seq`,
  );
  const byClient = new Map<string, Map<number, RowWrite[]>>();
  for (const entry of result.rows) {
    if (!isTableName(entry.table_name)) continue;
    const versions = byClient.get(entry.client_id) ?? new Map<number, RowWrite[]>();
    byClient.set(entry.client_id, versions);
    const writes = versions.get(Number(entry.version)) ?? [];
    versions.set(Number(entry.version), writes);
    const row =
      typeof entry.row === 'string'
        ? (JSON.parse(entry.row) as Record<string, unknown>)
        : (entry.row as Record<string, unknown> | null); // jsonb arrives parsed (pg) or as text
    writes.push({ table: entry.table_name, id: entry.row_id, row });
  }
  return [...byClient.values()].map((versions) => [...versions.values()]);
}

export const countWrites = (writes: ClientWrites): number =>
  writes.reduce((sum, client) => sum + client.reduce((inner, tx) => inner + tx.length, 0), 0);

/**
 * The baseline: the same rows written with plain single-row INSERT … ON CONFLICT statements, one
 * transaction per engine transaction, every client concurrently (as many connections as clients).
 */
export async function replayRaw(db: Database, writes: ClientWrites): Promise<number> {
  const start = performance.now();
  await Promise.all(
    writes.map(async (transactions) => {
      for (const transaction of transactions) {
        await db.transaction(async (tx) => {
          for (const write of transaction) {
            if (!write.row) {
              await tx.query(`DELETE FROM ${quote(write.table)} WHERE id = $1`, [write.id]);
              continue;
            }
            const spec = tableSpec(write.table);
            const values = Object.entries(spec.columns).map(([column, columnSpec]) =>
              encodePgValue(columnSpec, write.row?.[column]),
            );
            await tx.query(upsertSql(POSTGRES, write.table, true), values);
          }
        });
      }
    }),
  );
  return (performance.now() - start) / 1000;
}
