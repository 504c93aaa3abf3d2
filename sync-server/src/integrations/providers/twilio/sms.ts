import { DomainError, type Row } from '@forecourt/shared';
import type { Database, Queryable } from '../../../db/database.ts';
import { applyEntityEffect, writeRowsInTransaction } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import { insertCall, type CallRow } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import type { ProviderError } from '../provider-error.ts';
import type { TwilioProvider } from './client.ts';
import { MESSAGE_RANK } from './effects.ts';

export interface SmsRequest {
  /** Chosen by the caller: repeating the request with the same id sends nothing twice. */
  readonly messageId: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly to: string;
  readonly body: string;
  readonly purpose: string;
  readonly customerId: string | null;
  readonly jobId: string | null;
  readonly sentBy: string;
}

export interface SmsDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
  /** Messages a tenant may send per calendar month (UTC): its tier's (billing/store.ts), read in the transaction. */
  readonly monthlyLimit: (tx: Queryable, tenantId: string) => Promise<number>;
}

/** `error_code` of a message kept as not sent because the month's allowance was used up. */
export const MONTHLY_LIMIT_CODE = 'monthly-limit';

const monthStart = (nowMs: number) => {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
};

/**
 * Records the send intent (a `messages` row, status queued, through the change log) and its
 * outbound call, and enqueues the call — one transaction. Past the tenant's monthly allowance the
 * message is still recorded, as `not_sent` with error code `monthly-limit` (the counter shows it),
 * and the request is refused with 402; the same id requested again once the allowance allows it
 * (next month, a larger plan) is sent then.
 */
export async function requestSms(deps: SmsDeps, request: SmsRequest): Promise<{ messageId: string; status: string }> {
  const nowIso = new Date(deps.clock()).toISOString();
  const result = await deps.db.transaction(async (tx) => {
    const existing = await tx.query<{ status: string; tenant_id: string }>(
      'SELECT status, tenant_id FROM messages WHERE id = $1',
      [request.messageId],
    );
    const found = existing.rows[0];
    if (found) {
      if (found.tenant_id !== request.tenantId) throw new DomainError('conflict', 'this message id is taken');
      if (found.status !== 'not_sent') return { status: found.status, queued: false, limit: 0 };
    }
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`sms-quota:${request.tenantId}`]);
    const used = await tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1 AND created_at >= $2 AND status <> 'not_sent'",
      [request.tenantId, monthStart(deps.clock())],
    );
    const limit = await deps.monthlyLimit(tx, request.tenantId);
    const refused = Number(used.rows[0]?.n ?? 0) >= limit;
    if (refused && found) return { status: 'not_sent', queued: false, limit };
    const row: Row = {
      id: request.messageId,
      tenant_id: request.tenantId,
      site_id: request.siteId,
      customer_id: request.customerId,
      job_id: request.jobId,
      purpose: request.purpose,
      to_phone: request.to,
      body: request.body,
      status: refused ? 'not_sent' : 'queued',
      provider: 'twilio',
      provider_ref: null,
      error_code: refused ? MONTHLY_LIMIT_CODE : null,
      status_at: nowIso,
      sent_by: request.sentBy,
      created_at: nowIso,
      updated_at: nowIso,
      deleted_at: null,
    };
    if (found) {
      // Kept as not sent earlier, allowed now: the stored message (its text and recipient) is sent.
      const stored = await tx.query<Row>('SELECT * FROM messages WHERE id = $1', [request.messageId]);
      Object.assign(row, stored.rows[0], { status: 'queued', error_code: null, status_at: nowIso, updated_at: nowIso });
    }
    await writeRowsInTransaction(tx, request.tenantId, [{ table: 'messages', row }]);
    if (refused) return { status: 'not_sent', queued: false, limit };
    const call = await insertCall(
      tx,
      {
        tenantId: request.tenantId,
        provider: 'twilio',
        operation: 'twilio.sms',
        idempotencyKey: `sms:${request.messageId}`,
        entityKey: request.messageId,
        request: { messageId: request.messageId },
      },
      nowIso,
    );
    await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return { status: 'queued', queued: true, limit };
  });
  if (result.queued) deps.queue.wake(QUEUES.outbound);
  if (result.status === 'not_sent')
    throw new DomainError(
      'payment-required',
      `this month's SMS allowance (${result.limit}) is used up; the message is kept as not sent`,
      { limit: result.limit, messageId: request.messageId },
    );
  return { messageId: request.messageId, status: result.status };
}

async function setMessageStatus(
  db: Database,
  clock: () => number,
  call: CallRow,
  change: { status: string; sid?: string; errorCode?: string | null },
) {
  const messageId = String(call.request.messageId);
  const nowIso = new Date(clock()).toISOString();
  await applyEntityEffect(db, call.tenant_id, `twilio-message:${change.sid ?? messageId}`, async (store) => {
    const row = await store.get('messages', messageId);
    if (!row) return { rows: [], result: null };
    const status = advances(MESSAGE_RANK, row.status, change.status) ? change.status : String(row.status);
    const next: Row = {
      ...row,
      status,
      provider_ref: change.sid ?? row.provider_ref ?? null,
      error_code: change.errorCode ?? row.error_code ?? null,
      status_at: nowIso,
      updated_at: nowIso,
    };
    return { rows: [{ table: 'messages', row: next }], result: null };
  });
}

/** The outbound SMS: never repeated blindly (Twilio takes no idempotency key for messages). */
export function smsOperation(deps: {
  db: Database;
  clock: () => number;
  provider: TwilioProvider;
  statusCallback: string;
}): OutboundOperation {
  return {
    unsafeToRepeat: true,
    async perform(call) {
      const message = (
        await deps.db.query<{ to_phone: string; body: string }>('SELECT to_phone, body FROM messages WHERE id = $1', [
          call.request.messageId,
        ])
      ).rows[0];
      if (!message) return { skipped: 'message removed' };
      const sent = await deps.provider.sendSms({
        to: message.to_phone,
        body: message.body,
        statusCallback: deps.statusCallback,
      });
      await setMessageStatus(deps.db, deps.clock, call, { status: 'accepted', sid: sent.sid });
      return { sid: sent.sid, status: sent.status };
    },
    async onGiveUp(call, outcome, error: ProviderError | null) {
      await setMessageStatus(deps.db, deps.clock, call, {
        status: outcome === 'ambiguous' ? 'ambiguous' : 'failed',
        errorCode: error?.code ?? null,
      });
    },
  };
}
