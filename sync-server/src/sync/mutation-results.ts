import type { MutationOutcome, PushedMutation } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';

export interface ProcessedMutation {
  readonly mutation: PushedMutation;
  readonly outcome: MutationOutcome;
}

/** The recorded outcomes of mutations pushed again (a replay): the same answer as the first time. */
export async function storedOutcomes(
  tx: Queryable,
  clientId: string,
  ids: readonly number[],
): Promise<MutationOutcome[]> {
  if (ids.length === 0) return [];
  const result = await tx.query<{
    mutation_id: number;
    status: string;
    error_code: string | null;
    error_message: string | null;
  }>(
    `SELECT mutation_id, status, error_code, error_message FROM mutation_results
     WHERE client_id = $1 AND mutation_id = ANY($2::bigint[]) ORDER BY mutation_id`,
    [clientId, ids],
  );
  const byId = new Map(result.rows.map((row) => [Number(row.mutation_id), row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row || row.status === 'applied') return { id, status: 'applied' };
    return { id, status: 'rejected', error: { code: row.error_code ?? 'invalid', message: row.error_message ?? '' } };
  });
}

/** Records every outcome of the transaction and advances last_mutation_id, in one statement. */
export async function recordOutcomes(
  tx: Queryable,
  tenantId: string,
  clientId: string,
  processed: readonly ProcessedMutation[],
  version: number,
  nowIso: string,
): Promise<void> {
  const last = processed[processed.length - 1]?.mutation.id ?? 0;
  await tx.query(
    `WITH recorded AS (
       INSERT INTO mutation_results (client_id, mutation_id, tenant_id, name, actor_id, hlc, status, error_code,
         error_message, clock_clamped, version, processed_at)
       SELECT $1, m, $2, n, a, h, s, c, e, k, $3, $4
       FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[])
         AS u(m, n, a, h, s, c, e, k)
     )
     UPDATE sync_clients SET last_mutation_id = $13, last_seen_at = $4 WHERE client_id = $1`,
    [
      clientId,
      tenantId,
      version,
      nowIso,
      processed.map((p) => p.mutation.id),
      processed.map((p) => p.mutation.name.slice(0, 80)),
      processed.map((p) => p.mutation.actorId.slice(0, 64)),
      processed.map((p) => p.mutation.hlc.slice(0, 100)),
      processed.map((p) => p.outcome.status),
      processed.map((p) => p.outcome.error?.code ?? null),
      processed.map((p) => p.outcome.error?.message ?? null),
      processed.map((p) => p.outcome.clockClamped === true),
      last,
    ],
  );
}
