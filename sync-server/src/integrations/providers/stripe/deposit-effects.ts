import { isUuid, type Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect, lockRow } from '../../effects/entity-write.ts';
import type { EffectOutcome } from '../../inbox/process.ts';
import type { StripeIntent } from './client.ts';
import { CARD_PRESENT_HOLD_DAYS } from './terminal-client.ts';
import { onHoldFailed, onIntent, type DepositHoldChange, type IntentView } from './deposit-hold-state.ts';

/** Metadata `purpose` of the PaymentIntents of rental deposit holds. */
export const DEPOSIT_PURPOSE = 'rental-deposit';

type StripeObject = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);
const isoOfUnix = (seconds: number) => new Date(seconds * 1000).toISOString();

function metadataOf(object: StripeObject): Record<string, unknown> {
  // Stripe metadata is a flat map of strings; its values are read through `str` below.
  return object.metadata && typeof object.metadata === 'object' ? (object.metadata as Record<string, unknown>) : {};
}

/** Whether a Stripe object is a deposit hold's PaymentIntent (we put `purpose` on it). */
export function isDepositIntent(object: StripeObject): boolean {
  return str(object.id)?.startsWith('pi_') === true && metadataOf(object).purpose === DEPOSIT_PURPOSE;
}

/** The `capture_before` of an intent whose latest charge came expanded; null otherwise. */
function captureBeforeOf(object: StripeObject): number | null {
  const charge = object.latest_charge;
  if (!charge || typeof charge !== 'object') return null;
  const details = (charge as StripeObject).payment_method_details; // expanded charge object
  const methods = details && typeof details === 'object' ? (details as StripeObject) : null;
  const card = methods ? (methods.card ?? methods.card_present) : null; // a card, or a card presented on a reader
  const before = card && typeof card === 'object' ? (card as StripeObject).capture_before : null;
  return typeof before === 'number' ? before : null;
}

/** A PaymentIntent (an event's object or an API answer) as the hold transitions read it. */
export function intentView(object: StripeObject | StripeIntent, requestId: string | null): IntentView {
  const fields = object as unknown as StripeObject; // both shapes carry the PaymentIntent fields read here
  const known = typeof fields.capture_before === 'number' ? fields.capture_before : captureBeforeOf(fields);
  // A card presented on a Terminal reader lapses sooner than an online card when Stripe does not say.
  const cardPresent =
    Array.isArray(fields.payment_method_types) && fields.payment_method_types.includes('card_present');
  const captureBefore = known ?? (cardPresent ? num(fields.created) + CARD_PRESENT_HOLD_DAYS * 86_400 : null);
  return {
    intentId: String(fields.id),
    requestId: requestId ?? str(metadataOf(fields).request_id),
    status: String(fields.status ?? ''),
    amountMinor: num(fields.amount),
    capturableMinor: num(fields.amount_capturable),
    receivedMinor: num(fields.amount_received),
    captureBefore: captureBefore === null ? null : isoOfUnix(captureBefore),
    cancellationReason: str(fields.cancellation_reason),
    createdAt: isoOfUnix(num(fields.created)),
  };
}

/**
 * Writes a change of a contract's deposit hold as the server, serialised per contract (the
 * outbound answer and the webhooks of one hold may race), through the change log so that the
 * counters receive the contract on their next pull. Returns what happened, for the event log.
 */
export async function applyHoldChange(
  deps: { db: Database; clock: () => number },
  tenantId: string,
  contractId: string,
  decide: (contract: Row) => DepositHoldChange | null,
): Promise<string> {
  const nowIso = new Date(deps.clock()).toISOString();
  const { result } = await applyEntityEffect(deps.db, tenantId, `deposit:${contractId}`, async (store, tx) => {
    await lockRow(tx, 'rental_contracts', contractId);
    const contract = await store.get('rental_contracts', contractId);
    if (!contract) return { rows: [], result: 'no such rental contract' };
    const change = decide(contract);
    if (!change) return { rows: [], result: `no change (deposit hold ${String(contract.deposit_hold_status)})` };
    const row = { ...contract, ...change, updated_at: nowIso } as Row; // columns of rental_contracts only
    return { rows: [{ table: 'rental_contracts', row }], result: `deposit hold ${String(row.deposit_hold_status)}` };
  });
  return result;
}

/** The webhook effect of a deposit hold's PaymentIntent events. */
export async function depositEventEffect(
  deps: { db: Database; clock: () => number },
  event: { type: string; data: { object: StripeObject } },
): Promise<EffectOutcome> {
  const object = event.data.object;
  const metadata = metadataOf(object);
  const tenantId = str(metadata.tenant_id);
  const contractId = str(metadata.contract_id);
  if (!tenantId || !isUuid(tenantId) || !contractId || !isUuid(contractId))
    return { status: 'ignored', tenantId: null, result: 'deposit hold without tenant or contract' };
  const view = intentView(object, null);
  const decide =
    event.type === 'payment_intent.payment_failed'
      ? (contract: Row) => onHoldFailed(contract, view, failureOf(object))
      : (contract: Row) => onIntent(contract, view);
  return { status: 'processed', tenantId, result: await applyHoldChange(deps, tenantId, contractId, decide) };
}

function failureOf(object: StripeObject): string {
  const error = object.last_payment_error;
  const message =
    error && typeof error === 'object'
      ? (str((error as StripeObject).message) ?? str((error as StripeObject).code))
      : null; // an object, read field by field
  return message ? `card declined: ${message}` : 'card declined';
}
