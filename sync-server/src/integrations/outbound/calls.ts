import { uuidv7 } from '@forecourt/shared';
import type { Queryable } from '../../db/database.ts';
import type { ProviderName } from '../config.ts';

/**
 * An outbound call: queued -> sending -> done | failed | ambiguous, or dead when its retries are
 * exhausted. The idempotency key names the business operation (`refund:<paymentId>:<requestId>`),
 * so a repeated request finds the call it already made instead of making a second.
 */
export type CallStatus = 'queued' | 'sending' | 'done' | 'failed' | 'ambiguous' | 'dead';

export interface CallRow {
  id: string;
  tenant_id: string;
  provider: ProviderName | 'fleet';
  operation: string;
  idempotency_key: string;
  entity_key: string | null;
  request: Record<string, unknown>;
  status: CallStatus;
  attempts: number;
  last_error: string | null;
  response: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

export interface NewCall {
  readonly tenantId: string;
  readonly provider: ProviderName | 'fleet';
  readonly operation: string;
  readonly idempotencyKey: string;
  readonly entityKey: string | null;
  readonly request: Record<string, unknown>;
}

/** Inserts the call unless its idempotency key exists; returns the call's id and whether it is new. */
export async function insertCall(
  tx: Queryable,
  call: NewCall,
  nowIso: string,
): Promise<{ id: string; created: boolean }> {
  const id = uuidv7();
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO outbound_calls (id, tenant_id, provider, operation, idempotency_key, entity_key, request, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'queued', $8, $8)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      id,
      call.tenantId,
      call.provider,
      call.operation,
      call.idempotencyKey,
      call.entityKey,
      JSON.stringify(call.request),
      nowIso,
    ],
  );
  if (inserted.rows[0]) return { id, created: true };
  const existing = await tx.query<{ id: string; tenant_id: string }>(
    'SELECT id, tenant_id FROM outbound_calls WHERE idempotency_key = $1',
    [call.idempotencyKey],
  );
  const row = existing.rows[0];
  if (!row || row.tenant_id !== call.tenantId) throw new Error('idempotency key belongs to another tenant');
  return { id: row.id, created: false };
}

export async function loadCall(db: Queryable, id: string): Promise<CallRow | null> {
  return (await db.query<CallRow>('SELECT * FROM outbound_calls WHERE id = $1', [id])).rows[0] ?? null;
}

/** Moves a call from one status to another; false when another run moved it first. */
export async function moveCall(
  db: Queryable,
  id: string,
  from: readonly CallStatus[],
  to: CallStatus,
  detail: { error?: string | null; response?: Record<string, unknown> | null; nowIso: string; attempt?: boolean },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE outbound_calls SET status = $3, last_error = COALESCE($4, last_error), response = COALESCE($5::jsonb, response),
            attempts = attempts + $6, updated_at = $7
      WHERE id = $1 AND status = ANY($2::text[])`,
    [
      id,
      from,
      to,
      detail.error?.slice(0, 500) ?? null,
      detail.response ? JSON.stringify(detail.response) : null,
      detail.attempt ? 1 : 0,
      detail.nowIso,
    ],
  );
  return result.rowCount > 0;
}

/** An owner's retry of a dead or failed call; false when there is no such call of the tenant. */
export async function requeueCall(tx: Queryable, tenantId: string, id: string, nowIso: string): Promise<boolean> {
  const result = await tx.query(
    "UPDATE outbound_calls SET status = 'queued', last_error = NULL, updated_at = $3 WHERE id = $1 AND tenant_id = $2 AND status IN ('dead', 'failed')",
    [id, tenantId, nowIso],
  );
  return result.rowCount > 0;
}

export async function listCalls(db: Queryable, tenantId: string, page: number, perPage: number) {
  const total = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbound_calls WHERE tenant_id = $1', [
    tenantId,
  ]);
  const rows = await db.query<CallRow>(
    'SELECT * FROM outbound_calls WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3',
    [tenantId, perPage, (page - 1) * perPage],
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.rows.map((row) => ({
      id: row.id,
      provider: row.provider,
      operation: row.operation,
      status: row.status,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
  };
}
