import type { Row } from '@forecourt/shared';

/**
 * Pure, monotonic transitions of a `payments` row under Stripe events. Ranks order the statuses
 * so that a late or replayed event never moves a payment backwards: a `payment_failed` that
 * arrives after `succeeded` changes nothing; a refund or a dispute outranks a confirmation.
 */
export const PAYMENT_RANK = {
  unconfirmed: 0,
  failed: 1,
  confirmed: 2,
  disputed: 3,
  refunded: 4,
} as const;

const RANKS: Readonly<Record<string, number>> = PAYMENT_RANK;
const rank = (status: unknown) => RANKS[typeof status === 'string' ? status : ''] ?? 0;

export type PaymentChange = Readonly<Record<string, unknown>>;

/** Succeeded (or a paid Checkout Session): confirmed by the provider, no owner step. */
export function onSucceeded(current: Row, amountMinor: number, atIso: string): PaymentChange | null {
  if (rank(current.status) >= PAYMENT_RANK.confirmed) return null;
  return {
    status: 'confirmed',
    amount_minor: amountMinor,
    confirmed_at: atIso,
    confirmed_by: null,
    status_reason: null,
  };
}

/** Failed or cancelled: only an unconfirmed payment becomes failed (the customer may still retry). */
export function onFailed(current: Row, reason: string): PaymentChange | null {
  if (current.status !== 'unconfirmed') return null;
  return { status: 'failed', status_reason: reason };
}

/** A cumulative refunded amount (charge.refunded, or the sum of succeeded refund rows). */
export function onRefunded(current: Row, refundedMinor: number): PaymentChange | null {
  const known = typeof current.refunded_minor === 'number' ? current.refunded_minor : 0;
  if (refundedMinor <= known) return null;
  const amount = typeof current.amount_minor === 'number' ? current.amount_minor : 0;
  const full = refundedMinor >= amount;
  const change: Record<string, unknown> = { refunded_minor: refundedMinor };
  if (full && rank(current.status) < PAYMENT_RANK.refunded) {
    change.status = 'refunded';
    change.status_reason = 'refunded in full';
  } else if (!full && current.status === 'confirmed') {
    change.status_reason = 'partly refunded';
  }
  return change;
}

const DISPUTE_WON = 'dispute won';
const DISPUTE_LOST = 'dispute lost';

/** A dispute opened: unless the payment was refunded, or the dispute is already closed (late event). */
export function onDisputeCreated(current: Row, reason: string): PaymentChange | null {
  if (current.status === 'refunded' || current.status === 'disputed') return null;
  if (current.status_reason === DISPUTE_WON || current.status_reason === DISPUTE_LOST) return null;
  if (rank(current.status) < PAYMENT_RANK.confirmed) return null;
  return { status: 'disputed', status_reason: `disputed: ${reason}` };
}

/** A dispute closed: won puts the payment back to confirmed, lost keeps it disputed. */
export function onDisputeClosed(current: Row, won: boolean): PaymentChange | null {
  if (current.status === 'refunded') return null;
  const change = won
    ? { status: 'confirmed', status_reason: DISPUTE_WON }
    : { status: 'disputed', status_reason: DISPUTE_LOST };
  if (current.status === change.status && current.status_reason === change.status_reason) return null;
  return change;
}

/** A refund of its own: pending, then succeeded, failed or canceled (terminal). */
export const REFUND_STATUS: Readonly<Record<string, string>> = {
  pending: 'unconfirmed',
  requires_action: 'unconfirmed',
  succeeded: 'confirmed',
  failed: 'failed',
  canceled: 'failed',
};

export function refundRowChange(current: Row, stripeStatus: string, reason: string | null): PaymentChange | null {
  const next = REFUND_STATUS[stripeStatus] ?? 'unconfirmed';
  if (current.status !== 'unconfirmed' || next === 'unconfirmed') return null;
  return { status: next, status_reason: next === 'failed' ? (reason ?? `refund ${stripeStatus}`) : null };
}
