/**
 * A payment's signed contribution in SQL (alias p), the same rule as paymentNetMinor in
 * shared/src/domain/garage/balance.ts: net of refunded_minor; a refund row counts negative unless
 * it names the payment it refunds (then it is already in that payment's refunded_minor).
 */
export const PAYMENT_NET_SQL = `CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END
  ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END`;
