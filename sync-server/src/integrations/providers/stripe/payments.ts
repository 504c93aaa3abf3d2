import { DomainError, type Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect, lockRow, writeRowsInTransaction } from '../../effects/entity-write.ts';
import { insertCall } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import { REFUND_REASONS, type RefundReason, type StripeProvider } from './client.ts';

export interface PayLinkRequest {
  readonly paymentId: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly jobId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly kind: 'advance' | 'partial' | 'final';
  /** Where the link is sent by SMS; none: the counter shows it. */
  readonly phone: string | null;
  readonly recordedBy: string;
}

interface PaymentDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
}

/**
 * Pay by link: the payment (unconfirmed, online, Stripe) is recorded and syncs at once; the
 * Checkout Session is created by a job under the key `checkout:<paymentId>`. The webhook of the
 * paid session confirms the payment.
 */
export async function requestPaymentLink(deps: PaymentDeps, request: PayLinkRequest): Promise<{ paymentId: string }> {
  const nowIso = new Date(deps.clock()).toISOString();
  const created = await deps.db.transaction(async (tx) => {
    const job = await tx.query('SELECT 1 FROM jobs WHERE id = $1 AND tenant_id = $2 AND site_id = $3', [
      request.jobId,
      request.tenantId,
      request.siteId,
    ]);
    if (job.rows.length === 0) throw new DomainError('not-found', 'job not found at this site');
    const exists = await tx.query('SELECT 1 FROM payments WHERE id = $1', [request.paymentId]);
    if (exists.rows.length > 0) return false;
    const row: Row = {
      id: request.paymentId,
      tenant_id: request.tenantId,
      site_id: request.siteId,
      job_id: request.jobId,
      contract_id: null,
      kind: request.kind,
      method: 'online',
      amount_minor: request.amountMinor,
      currency: request.currency,
      reference: null,
      note: 'payment link requested',
      status: 'unconfirmed',
      recorded_by: request.recordedBy,
      confirmed_by: null,
      confirmed_at: null,
      provider: 'stripe',
      provider_ref: null,
      settlement_id: null,
      refunded_minor: null,
      refund_of_id: null,
      status_reason: null,
      created_at: nowIso,
      updated_at: nowIso,
      deleted_at: null,
    };
    await writeRowsInTransaction(tx, request.tenantId, [{ table: 'payments', row }]);
    const call = await insertCall(
      tx,
      {
        tenantId: request.tenantId,
        provider: 'stripe',
        operation: 'stripe.checkout',
        idempotencyKey: `checkout:${request.paymentId}`,
        entityKey: request.paymentId,
        request: { paymentId: request.paymentId, phone: request.phone },
      },
      nowIso,
    );
    await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return true;
  });
  if (created) deps.queue.wake(QUEUES.outbound);
  return { paymentId: request.paymentId };
}

/**
 * A refund, full or partial, under the key `refund:<paymentId>:<requestId>`: the same request
 * repeated (a double click, a retry after a timeout) is one refund at Stripe.
 */
export async function requestRefund(
  deps: PaymentDeps,
  request: {
    tenantId: string;
    paymentId: string;
    requestId: string;
    amountMinor: number | null;
    /** Stripe's reason, sent with the refund. */
    reason?: RefundReason | null;
    /** Our free-text note: kept in the call and on the refund's row, never sent to Stripe. */
    note?: string | null;
  },
): Promise<{ callId: string }> {
  const nowIso = new Date(deps.clock()).toISOString();
  const result = await deps.db.transaction(async (tx) => {
    const found = await tx.query<{
      status: string;
      provider: string | null;
      provider_ref: string | null;
      amount_minor: number;
      refunded_minor: number | null;
    }>(
      'SELECT status, provider, provider_ref, amount_minor, refunded_minor FROM payments WHERE id = $1 AND tenant_id = $2',
      [request.paymentId, request.tenantId],
    );
    const payment = found.rows[0];
    if (!payment) throw new DomainError('not-found', 'payment not found');
    if (payment.provider !== 'stripe' || !payment.provider_ref?.startsWith('pi_'))
      throw new DomainError('invalid', 'only card payments taken through Stripe are refunded here');
    if (payment.status !== 'confirmed')
      throw new DomainError('conflict', `a ${payment.status} payment cannot be refunded`);
    const remaining = Number(payment.amount_minor) - Number(payment.refunded_minor ?? 0);
    if (request.amountMinor !== null && request.amountMinor > remaining)
      throw new DomainError('invalid', `at most ${remaining} can still be refunded`);
    const call = await insertCall(
      tx,
      {
        tenantId: request.tenantId,
        provider: 'stripe',
        operation: 'stripe.refund',
        idempotencyKey: `refund:${request.paymentId}:${request.requestId}`,
        entityKey: payment.provider_ref,
        request: {
          paymentId: request.paymentId,
          paymentIntentId: payment.provider_ref,
          amountMinor: request.amountMinor,
          requestId: request.requestId,
          reason: request.reason ?? null,
          note: request.note?.trim() || null,
        },
      },
      nowIso,
    );
    if (call.created) await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return call;
  });
  if (result.created) deps.queue.wake(QUEUES.outbound);
  return { callId: result.id };
}

export function checkoutOperation(deps: {
  db: Database;
  clock: () => number;
  provider: StripeProvider;
  successUrl: string;
  sendLink: (tenantId: string, payment: Row, phone: string, url: string) => Promise<void>;
}): OutboundOperation {
  return {
    unsafeToRepeat: false,
    async perform(call) {
      const paymentId = String(call.request.paymentId);
      const payment = (
        await deps.db.query<Row>('SELECT * FROM payments WHERE id = $1 AND tenant_id = $2', [paymentId, call.tenant_id])
      ).rows[0];
      if (!payment) return { skipped: 'payment removed' };
      const metadata = {
        tenant_id: call.tenant_id,
        site_id: String(payment.site_id),
        job_id: String(payment.job_id ?? ''),
        payment_id: paymentId,
        recorded_by: String(payment.recorded_by),
      };
      const session = await deps.provider.createCheckoutSession({
        amountMinor: Number(payment.amount_minor),
        currency: String(payment.currency),
        description: 'Workshop invoice',
        metadata,
        successUrl: deps.successUrl,
        idempotencyKey: call.idempotency_key,
      });
      const nowIso = new Date(deps.clock()).toISOString();
      const { result: updated } = await applyEntityEffect(
        deps.db,
        call.tenant_id,
        `stripe:payment:${paymentId}`,
        async (store, tx) => {
          await lockRow(tx, 'payments', paymentId);
          const row = await store.get('payments', paymentId);
          if (!row || row.reference === session.url) return { rows: [], result: row };
          const next: Row = { ...row, reference: session.url, updated_at: nowIso };
          return { rows: [{ table: 'payments', row: next }], result: next };
        },
      );
      const phone = typeof call.request.phone === 'string' ? call.request.phone : null;
      if (phone && updated) await deps.sendLink(call.tenant_id, updated, phone, session.url);
      return { sessionId: session.id };
    },
  };
}

export function refundOperation(deps: { provider: StripeProvider }): OutboundOperation {
  return {
    unsafeToRepeat: false,
    async perform(call) {
      const amount = typeof call.request.amountMinor === 'number' ? call.request.amountMinor : null;
      const reason = REFUND_REASONS.find((known) => known === call.request.reason) ?? null;
      const requestId: Record<string, string> =
        typeof call.request.requestId === 'string' ? { request_id: call.request.requestId } : {};
      const refund = await deps.provider.createRefund({
        paymentIntentId: String(call.request.paymentIntentId),
        amountMinor: amount,
        reason,
        // request_id names this call again when the refund's webhook arrives (its note is read from it).
        metadata: { tenant_id: call.tenant_id, payment_id: String(call.request.paymentId), ...requestId },
        idempotencyKey: call.idempotency_key,
      });
      return { refundId: refund.id, status: refund.status };
    },
  };
}
