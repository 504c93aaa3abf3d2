import type { Row } from '@forecourt/shared';

/**
 * Pure, monotonic transitions of a rental contract's deposit hold (its `deposit_hold_*`
 * columns) under our calls to Stripe and Stripe's events. A hold moves requested → pending
 * (intent created, no card yet) → authorized (card held) → captured | released | expired;
 * `failed` only before authorization. captured, released and expired are final: a late or
 * replayed event never moves a hold back, so the order events arrive in does not matter.
 */
export type DepositHoldStatus = 'requested' | 'pending' | 'authorized' | 'captured' | 'released' | 'expired' | 'failed';

const RANK: Readonly<Record<DepositHoldStatus, number>> = {
  requested: 0,
  pending: 1,
  failed: 2,
  authorized: 3,
  captured: 4,
  released: 4,
  expired: 4,
};
const FINAL = new Set<string>(['captured', 'released', 'expired']);

/** Card holds lapse after 7 days unless Stripe says otherwise (`capture_before`). */
export const CARD_HOLD_DAYS = 7;

export type DepositHoldChange = Readonly<Record<string, unknown>>;

const rankOf = (status: unknown): number =>
  typeof status === 'string' && status in RANK ? RANK[status as DepositHoldStatus] : -1; // checked by `in`

export const isFinalHold = (status: unknown): boolean => typeof status === 'string' && FINAL.has(status);

/** What a Stripe PaymentIntent says about the hold, from its status and amounts. */
export interface IntentView {
  readonly intentId: string;
  /** The hold request the intent was created for (its metadata `request_id`). */
  readonly requestId: string | null;
  readonly status: string;
  readonly amountMinor: number;
  readonly capturableMinor: number;
  readonly receivedMinor: number;
  /** ISO time the authorization lapses; null when Stripe did not say. */
  readonly captureBefore: string | null;
  readonly cancellationReason: string | null;
  /** ISO time the intent was created (the 7-day default counts from it). */
  readonly createdAt: string;
}

function statusOfIntent(view: IntentView): DepositHoldStatus | null {
  switch (view.status) {
    case 'requires_payment_method':
    case 'requires_confirmation':
    case 'requires_action':
    case 'processing':
      return 'pending';
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      // Stripe cancels an authorization nobody captured in time with reason `automatic`.
      return view.cancellationReason === 'automatic' ? 'expired' : 'released';
    default:
      return null;
  }
}

function expiryOf(view: IntentView): string {
  if (view.captureBefore) return view.captureBefore;
  return new Date(Date.parse(view.createdAt) + CARD_HOLD_DAYS * 86_400_000).toISOString();
}

/** The hold as the intent now stands (an API answer or an event's object); null: no change. */
export function onIntent(contract: Row, view: IntentView): DepositHoldChange | null {
  const next = statusOfIntent(view);
  if (!next) return null;
  const current = contract.deposit_hold_status;
  if (!isThisHold(contract, view.intentId, view.requestId)) return null;
  if (isFinalHold(current) || rankOf(next) < rankOf(current)) return null;
  const change: Record<string, unknown> = { deposit_hold_status: next, deposit_hold_ref: view.intentId };
  if (next === 'authorized' || next === 'pending') {
    change.deposit_hold_minor = next === 'authorized' ? view.capturableMinor || view.amountMinor : view.amountMinor;
    change.deposit_hold_expires_at = expiryOf(view);
  }
  if (next === 'captured') change.deposit_captured_minor = view.receivedMinor;
  if (next === 'released') change.deposit_hold_reason = `released: ${view.cancellationReason ?? 'requested'}`;
  if (next === 'expired') change.deposit_hold_reason = 'the hold lapsed before it was captured';
  return unchanged(contract, change) ? null : change;
}

/** A failed authorization (declined card, or our call refused): only a hold not yet authorized fails. */
export function onHoldFailed(
  contract: Row,
  intent: { intentId: string | null; requestId: string | null },
  reason: string,
): DepositHoldChange | null {
  if (!isThisHold(contract, intent.intentId, intent.requestId)) return null;
  if (rankOf(contract.deposit_hold_status) > RANK.pending) return null;
  if (contract.deposit_hold_status === 'failed' && contract.deposit_hold_reason === reason) return null;
  return {
    deposit_hold_status: 'failed',
    deposit_hold_ref: intent.intentId ?? contract.deposit_hold_ref ?? null,
    deposit_hold_reason: reason,
  };
}

const REQUEST_PREFIX = 'request:';

/**
 * Whether an intent belongs to the contract's current hold. Until Stripe has answered, the
 * hold's ref names its request (`request:<id>`), so a late event of an earlier, released hold
 * cannot attach itself to the new one; after that, the ref is the intent.
 */
function isThisHold(contract: Row, intentId: string | null, requestId: string | null): boolean {
  const ref = contract.deposit_hold_ref;
  if (typeof ref !== 'string') return true;
  if (ref.startsWith(REQUEST_PREFIX)) return requestId !== null && ref === `${REQUEST_PREFIX}${requestId}`;
  return intentId !== null && ref === intentId;
}

/** A new hold asked for at the counter: none yet, or the last one failed, was released or lapsed. */
export function onHoldRequested(contract: Row, amountMinor: number, requestId: string): DepositHoldChange | null {
  const current = contract.deposit_hold_status ?? null;
  if (current !== null && current !== 'failed' && current !== 'released' && current !== 'expired') return null;
  return {
    deposit_hold_status: 'requested',
    deposit_hold_ref: `${REQUEST_PREFIX}${requestId}`,
    deposit_hold_minor: amountMinor,
    deposit_captured_minor: null,
    deposit_hold_expires_at: null,
    deposit_hold_reason: null,
  };
}

function unchanged(contract: Row, change: Record<string, unknown>): boolean {
  return Object.entries(change).every(([column, value]) => (contract[column] ?? null) === value);
}
