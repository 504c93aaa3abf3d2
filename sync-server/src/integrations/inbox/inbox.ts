import { uuidv7 } from '@forecourt/shared';
import type { Queryable } from '../../db/database.ts';
import type { ProviderName } from '../config.ts';

/** A verified webhook event, ready to store: the key it is deduplicated on and the body to replay. */
export interface IncomingEvent {
  readonly provider: ProviderName;
  /** Unique per provider: Stripe `evt_…`, Twilio idempotency token, a hash for DocuSign and Enode. */
  readonly eventKey: string;
  readonly eventType: string;
  /** What the effect is serialised on (payment intent, message, envelope, vehicle). */
  readonly entityKey: string | null;
  /** The event as received (JSON text; Twilio's form as JSON of its parameters). */
  readonly body: string;
  /** False for event types we store for the log but do not act on. */
  readonly handled: boolean;
}

export type InboxStatus = 'queued' | 'processed' | 'ignored' | 'retrying' | 'dead';

export interface InboxRow {
  id: string;
  provider: ProviderName;
  event_key: string;
  event_type: string;
  entity_key: string | null;
  tenant_id: string | null;
  body: string;
  received_at: string;
  status: InboxStatus;
  attempts: number;
  last_error: string | null;
  result: string | null;
  processed_at: string | null;
}

/**
 * Inserts the events, skipping those already stored (`ON CONFLICT DO NOTHING` on provider + key),
 * in one statement. Returns the rows this call inserted; `queued` ones need processing.
 */
export async function insertEvents(
  tx: Queryable,
  events: readonly IncomingEvent[],
  nowIso: string,
): Promise<Array<{ id: string; provider: string; eventKey: string; queued: boolean }>> {
  if (events.length === 0) return [];
  const ids = events.map(() => uuidv7());
  const result = await tx.query<{ id: string; status: InboxStatus; provider: string; event_key: string }>(
    `INSERT INTO webhook_inbox (id, provider, event_key, event_type, entity_key, body, received_at, status)
     SELECT e.id, e.provider, e.event_key, e.event_type, e.entity_key, e.body, $1, e.status
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS e(id, provider, event_key, event_type, entity_key, body, status)
     ON CONFLICT (provider, event_key) DO NOTHING
     RETURNING id, status, provider, event_key`,
    [
      nowIso,
      ids,
      events.map((event) => event.provider),
      events.map((event) => event.eventKey),
      events.map((event) => event.eventType),
      events.map((event) => event.entityKey),
      events.map((event) => event.body),
      events.map((event) => (event.handled ? 'queued' : 'ignored')),
    ],
  );
  return result.rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    eventKey: row.event_key,
    queued: row.status === 'queued',
  }));
}

export async function loadEvent(db: Queryable, id: string): Promise<InboxRow | null> {
  const result = await db.query<InboxRow>('SELECT * FROM webhook_inbox WHERE id = $1', [id]);
  return result.rows[0] ?? null;
}

export async function markDone(
  db: Queryable,
  id: string,
  outcome: { status: 'processed' | 'ignored'; tenantId: string | null; result: string },
  nowIso: string,
): Promise<void> {
  await db.query(
    `UPDATE webhook_inbox SET status = $2, tenant_id = COALESCE($3, tenant_id), result = $4, processed_at = $5,
            attempts = attempts + 1, last_error = NULL
      WHERE id = $1`,
    [id, outcome.status, outcome.tenantId, outcome.result, nowIso],
  );
}

export async function markFailed(
  db: Queryable,
  id: string,
  failure: { dead: boolean; tenantId: string | null; error: string },
): Promise<void> {
  await db.query(
    `UPDATE webhook_inbox SET status = $2, tenant_id = COALESCE($3, tenant_id), last_error = $4, attempts = attempts + 1
      WHERE id = $1 AND status NOT IN ('processed', 'ignored')`,
    [id, failure.dead ? 'dead' : 'retrying', failure.tenantId, failure.error.slice(0, 500)],
  );
}

/** Puts a dead event of the tenant back in the queue; false when there is no such dead event. */
export async function requeueDead(tx: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await tx.query(
    `UPDATE webhook_inbox SET status = 'queued', last_error = NULL WHERE id = $1 AND tenant_id = $2 AND status = 'dead'`,
    [id, tenantId],
  );
  return result.rowCount > 0;
}
