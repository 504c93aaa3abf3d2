import { isUuid, uuidv7, type AsyncRowStore, type Row } from '@forecourt/shared';
import { createHash } from 'node:crypto';
import { billingEventEffect, isBillingEvent } from '../../../billing/effects.ts';
import { tierPricesFrom } from '../../../billing/stripe-billing.ts';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect, lockRow } from '../../effects/entity-write.ts';
import type { InboxRow } from '../../inbox/inbox.ts';
import type { EffectOutcome, EventEffect } from '../../inbox/process.ts';
import { depositEventEffect, isDepositIntent } from './deposit-effects.ts';
import {
  isTerminalIntent,
  isTerminalReader,
  noteTerminalIntent,
  terminalReaderEffect,
} from './terminal-webhook-effects.ts';
import {
  onDisputeClosed,
  onDisputeCreated,
  onFailed,
  onRefunded,
  onSucceeded,
  refundRowChange,
  type PaymentChange,
} from './payment-state.ts';

/** `recorded_by` of a payment that only the provider ever saw (no counter recorded its request). */
export const PROVIDER_ACTOR_ID = '00000000-0000-7000-8000-00000000a001';
const PAYMENT_KINDS = new Set(['advance', 'partial', 'final']);

type StripeObject = Record<string, unknown>;
interface StripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: StripeObject };
}

const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);
const metadataOf = (object: StripeObject): Record<string, unknown> =>
  object.metadata && typeof object.metadata === 'object' ? (object.metadata as Record<string, unknown>) : {}; // Stripe metadata is a flat map
const intentOf = (object: StripeObject) =>
  str(object.id)?.startsWith('pi_') ? str(object.id) : str(object.payment_intent);

/** Where an event's payment lives: the stored payment of the intent, else the intent's metadata. */
interface Target {
  tenantId: string;
  siteId: string | null;
  intentId: string;
  metadata: Record<string, unknown>;
}

async function findTarget(db: Database, object: StripeObject): Promise<Target | null> {
  const intentId = intentOf(object);
  if (!intentId) return null;
  const metadata = metadataOf(object);
  const stored = await db.query<{ tenant_id: string; site_id: string }>(
    "SELECT tenant_id, site_id FROM payments WHERE provider = 'stripe' AND provider_ref = $1 LIMIT 1",
    [intentId],
  );
  const row = stored.rows[0];
  if (row) return { tenantId: row.tenant_id, siteId: row.site_id, intentId, metadata };
  const tenantId = str(metadata.tenant_id);
  if (!tenantId || !isUuid(tenantId)) return null;
  const siteId = str(metadata.site_id);
  return { tenantId, siteId: siteId && isUuid(siteId) ? siteId : null, intentId, metadata };
}

/** A stable row id for a payment first seen in a webhook: the same intent always maps to one row. */
function paymentIdFor(intentId: string, createdMs: number): string {
  return uuidv7(createdMs, createHash('sha256').update(`stripe:${intentId}`).digest().subarray(0, 10));
}

async function loadPayment(store: AsyncRowStore, target: Target): Promise<Row | null> {
  const byRef = await store.find(
    'payments',
    { provider: 'stripe', provider_ref: target.intentId },
    { limit: 1, includeDeleted: true },
  );
  if (byRef[0]) return byRef[0];
  const paymentId = str(target.metadata.payment_id);
  return paymentId && isUuid(paymentId) ? store.get('payments', paymentId) : null;
}

/** The payment row to change: stored, or new from the intent's metadata (site and job required). */
function newPayment(target: Target, object: StripeObject, event: StripeEvent): Row | null {
  if (!target.siteId) return null;
  const metadata = target.metadata;
  const at = new Date(event.created * 1000).toISOString();
  const jobId = str(metadata.job_id);
  const contractId = str(metadata.contract_id);
  const kind = str(metadata.kind);
  const recordedBy = str(metadata.recorded_by);
  return {
    id:
      str(metadata.payment_id) && isUuid(metadata.payment_id)
        ? String(metadata.payment_id)
        : paymentIdFor(target.intentId, event.created * 1000),
    tenant_id: target.tenantId,
    site_id: target.siteId,
    job_id: jobId && isUuid(jobId) ? jobId : null,
    contract_id: contractId && isUuid(contractId) ? contractId : null,
    kind: kind && PAYMENT_KINDS.has(kind) ? kind : 'partial',
    // A card presented on a Terminal reader is a card payment; a Checkout link is online.
    method: metadata.method === 'card' ? 'card' : 'online',
    amount_minor: num(object.amount) ?? num(object.amount_total) ?? 0,
    currency: (str(object.currency) ?? 'inr').toUpperCase(),
    reference: target.intentId,
    note: null,
    status: 'unconfirmed',
    recorded_by: recordedBy && isUuid(recordedBy) ? recordedBy : PROVIDER_ACTOR_ID,
    confirmed_by: null,
    confirmed_at: null,
    provider: 'stripe',
    provider_ref: target.intentId,
    settlement_id: null,
    refunded_minor: null,
    refund_of_id: null,
    status_reason: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
}

export type PaymentDecision = (payment: Row, object: StripeObject, event: StripeEvent) => PaymentChange | null;

export const STRIPE_DECISIONS: Readonly<Record<string, PaymentDecision>> = {
  'payment_intent.succeeded': (payment, object, event) =>
    onSucceeded(
      payment,
      num(object.amount_received) ?? num(object.amount) ?? 0,
      new Date(event.created * 1000).toISOString(),
    ),
  'payment_intent.payment_failed': (payment, object) => onFailed(payment, failureReason(object)),
  'payment_intent.canceled': (payment, object) =>
    onFailed(payment, `cancelled: ${str(object.cancellation_reason) ?? 'no reason given'}`),
  'checkout.session.completed': (payment, object, event) =>
    object.payment_status === 'paid'
      ? onSucceeded(payment, num(object.amount_total) ?? 0, new Date(event.created * 1000).toISOString())
      : null,
  'checkout.session.async_payment_succeeded': (payment, object, event) =>
    onSucceeded(payment, num(object.amount_total) ?? 0, new Date(event.created * 1000).toISOString()),
  'checkout.session.async_payment_failed': (payment) => onFailed(payment, 'the delayed payment failed'),
  'charge.refunded': (payment, object) => onRefunded(payment, num(object.amount_refunded) ?? 0),
  'charge.dispute.created': (payment, object) => onDisputeCreated(payment, str(object.reason) ?? 'no reason given'),
  'charge.dispute.closed': (payment, object) => onDisputeClosed(payment, object.status === 'won'),
};

function failureReason(object: StripeObject): string {
  const error = object.last_payment_error;
  if (error && typeof error === 'object') {
    // last_payment_error is an object (checked above); its fields are read as unknown.
    const message = str((error as Record<string, unknown>).message) ?? str((error as Record<string, unknown>).code);
    if (message) return `payment failed: ${message}`;
  }
  return 'payment failed';
}

export function stripeEffect(deps: { db: Database; clock: () => number }): EventEffect {
  const prices = tierPricesFrom(process.env);
  return async (inbox: InboxRow): Promise<EffectOutcome> => {
    const event = JSON.parse(inbox.body) as StripeEvent; // verified Stripe event; fields read defensively below
    const object = event.data?.object ?? {};
    // The tenant's own plan subscription (sync-server/src/billing), not a customer's payment.
    if (isBillingEvent(event.type)) return billingEventEffect({ ...deps, prices }, event);
    // A Terminal reader's action moves the counter's card-present attempt (terminal.ts).
    if (isTerminalReader(object)) return terminalReaderEffect(deps, event.type, object);
    // A rental deposit hold is a PaymentIntent of a contract, not a payment of a job.
    if (isDepositIntent(object)) {
      const deposit = await depositEventEffect(deps, { type: event.type, data: { object } });
      if (isTerminalIntent(object)) await noteTerminalIntent(deps, event.type, object); // after the hold moved
      return deposit;
    }
    const target = await findTarget(deps.db, object);
    if (!target)
      return { status: 'ignored', tenantId: null, result: 'no Forecourt payment or metadata for this intent' };
    const nowIso = new Date(deps.clock()).toISOString();
    const refund = event.type.startsWith('refund.');
    const refundNote = refund ? await refundNoteOf(deps.db, object) : null;
    const outcome = await applyEntityEffect(
      deps.db,
      target.tenantId,
      `stripe:${target.intentId}`,
      async (store, tx) => {
        const found = await loadPayment(store, target);
        if (found) await lockRow(tx, 'payments', found.id);
        const stored = found ? await store.get('payments', found.id) : null;
        // A card-present attempt that took no money leaves no payment row (the attempt says why).
        if (!stored && isTerminalIntent(object) && event.type !== 'payment_intent.succeeded')
          return { rows: [], result: 'card on reader not paid: no payment recorded' };
        const payment = stored ?? newPayment(target, object, event);
        if (!payment) return { rows: [], result: 'the intent names no site: payment not recorded' };
        if (refund) return refundPlan(store, payment, object, event, nowIso, refundNote);
        const decide = STRIPE_DECISIONS[event.type];
        const change = decide ? decide(payment, object, event) : null;
        if (!change) return { rows: [], result: `no change (payment is ${String(payment.status)})` };
        const row = { ...payment, ...change, provider_ref: target.intentId, updated_at: nowIso } as Row; // columns of payments only
        return { rows: [{ table: 'payments', row }], result: `payment ${String(row.status)}` };
      },
    );
    if (isTerminalIntent(object)) await noteTerminalIntent(deps, event.type, object); // after the payment row
    return { status: 'processed', tenantId: target.tenantId, result: outcome.result };
  };
}

/**
 * A refund is a payment row of its own (kind `refund`, `refund_of_id`), keyed by `re_…`; the
 * refunded payment's `refunded_minor` is the sum of its succeeded refunds, never decreasing.
 */
async function refundPlan(
  store: AsyncRowStore,
  payment: Row,
  object: StripeObject,
  event: StripeEvent,
  nowIso: string,
  note: string | null,
) {
  const refundId = str(object.id);
  if (!refundId) return { rows: [], result: 'refund without id' };
  const existing = (await store.find('payments', { provider: 'stripe', provider_ref: refundId }, { limit: 1 }))[0];
  const at = new Date(event.created * 1000).toISOString();
  const base: Row = existing ?? {
    ...payment,
    id: paymentIdFor(refundId, event.created * 1000),
    kind: 'refund',
    amount_minor: num(object.amount) ?? 0,
    reference: refundId,
    note,
    status: 'unconfirmed',
    confirmed_by: null,
    confirmed_at: null,
    provider_ref: refundId,
    settlement_id: null,
    refunded_minor: null,
    refund_of_id: payment.id,
    status_reason: null,
    created_at: at,
  };
  const change = refundRowChange(base, str(object.status) ?? 'pending', str(object.failure_reason));
  const refundRow: Row = {
    ...base,
    ...(change ?? {}),
    confirmed_at: change?.status === 'confirmed' ? at : (base.confirmed_at ?? null),
    updated_at: nowIso,
  };
  const rows: Array<{ table: 'payments'; row: Row }> = [];
  if (!existing || change) rows.push({ table: 'payments', row: refundRow });
  const siblings = await store.find('payments', { refund_of_id: payment.id, status: 'confirmed' });
  const refunded =
    siblings.filter((row) => row.id !== refundRow.id).reduce((sum, row) => sum + (num(row.amount_minor) ?? 0), 0) +
    (refundRow.status === 'confirmed' ? (num(refundRow.amount_minor) ?? 0) : 0);
  const paymentChange = onRefunded(payment, refunded);
  if (paymentChange) rows.push({ table: 'payments', row: { ...payment, ...paymentChange, updated_at: nowIso } as Row }); // payments columns only
  return {
    rows,
    result: `refund ${String(refundRow.status)}; refunded ${refunded} of ${String(payment.amount_minor)}`,
  };
}

const REFUND_REASON_LABELS: Readonly<Record<string, string>> = {
  requested_by_customer: 'Requested by the customer',
  duplicate: 'Duplicate payment',
  fraudulent: 'Fraudulent payment',
};

/**
 * The reason of a refund asked for at the counter: Stripe's reason (on the refund) and our
 * free-text note, which never goes to Stripe: it is read back from the refund's outbound call,
 * named by the metadata we put on the refund. Just Stripe's reason for a refund made elsewhere.
 */
async function refundNoteOf(db: Database, object: StripeObject): Promise<string | null> {
  const metadata = metadataOf(object);
  const paymentId = str(metadata.payment_id);
  const requestId = str(metadata.request_id);
  const reason = REFUND_REASON_LABELS[str(object.reason) ?? ''] ?? null;
  if (!paymentId || !requestId) return reason;
  const call = await db.query<{ request: Record<string, unknown> }>(
    "SELECT request FROM outbound_calls WHERE idempotency_key = $1 AND operation = 'stripe.refund'",
    [`refund:${paymentId}:${requestId}`],
  );
  const note = str(call.rows[0]?.request.note);
  return [reason, note].filter((part) => part !== null).join(': ') || null;
}
