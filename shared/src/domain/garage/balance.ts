import type { Row } from '../../schema/table-spec.ts';

/**
 * What a customer owes on a job, from its value and its payments. Confirmed and unconfirmed
 * money are kept apart (only an owner's confirmation makes money "collected"):
 *   balance due        = value − confirmed
 *   outstanding credit = value − confirmed − unconfirmed   (what is still owed if every recorded
 *                                                           payment is confirmed)
 * A payment's amount counts net of `refunded_minor`. A kind = 'refund' row counts negative,
 * unless it names the payment it refunds (refund_of_id): that refund is already in the
 * original's refunded_minor. Failed payments count nothing; disputed ones are reported apart.
 */
export const PAYMENT_KINDS = ['advance', 'partial', 'final', 'refund'] as const;
export const PAYMENT_METHODS = ['cash', 'upi', 'card', 'bank_transfer', 'online'] as const;
export const PAYMENT_STATUSES = ['unconfirmed', 'confirmed', 'failed', 'refunded', 'disputed'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentFigures {
  readonly confirmedMinor: number;
  readonly unconfirmedMinor: number;
  readonly disputedMinor: number;
}

export interface JobBalance extends PaymentFigures {
  readonly valueMinor: number;
  readonly balanceDueMinor: number;
  readonly outstandingMinor: number;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The signed amount a payment row contributes to what the customer has paid. */
export function paymentNetMinor(payment: Readonly<Record<string, unknown>>): number {
  if (payment.kind === 'refund') return payment.refund_of_id ? 0 : -num(payment.amount_minor);
  return num(payment.amount_minor) - num(payment.refunded_minor);
}

export function paymentFigures(payments: readonly Row[]): PaymentFigures {
  let confirmedMinor = 0;
  let unconfirmedMinor = 0;
  let disputedMinor = 0;
  for (const payment of payments) {
    if (payment.deleted_at) continue;
    const net = paymentNetMinor(payment);
    if (payment.status === 'confirmed' || payment.status === 'refunded') confirmedMinor += net;
    else if (payment.status === 'unconfirmed') unconfirmedMinor += net;
    else if (payment.status === 'disputed') disputedMinor += net;
  }
  return { confirmedMinor, unconfirmedMinor, disputedMinor };
}

/**
 * A job's value: what was invoiced (net of credit notes) once there is an invoice, else the sum
 * of its lines, else its estimate.
 */
export function jobValueMinor(input: {
  invoicedNetMinor: number | null;
  linesTotalMinor: number | null;
  estimateMinor: number | null;
}): number {
  return input.invoicedNetMinor ?? input.linesTotalMinor ?? input.estimateMinor ?? 0;
}

/** Invoice totals minus credit-note totals; null when the job was never invoiced. */
export function invoicedNetMinor(invoices: readonly Row[]): number | null {
  if (invoices.length === 0) return null;
  let net = 0;
  for (const invoice of invoices)
    net += invoice.kind === 'credit_note' ? -num(invoice.total_minor) : num(invoice.total_minor);
  return net;
}

export function jobBalance(valueMinor: number, payments: readonly Row[]): JobBalance {
  const figures = paymentFigures(payments);
  return {
    ...figures,
    valueMinor,
    balanceDueMinor: valueMinor - figures.confirmedMinor,
    outstandingMinor: valueMinor - figures.confirmedMinor - figures.unconfirmedMinor,
  };
}
