import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney, moneyInputValue, parseMoney } from '../../../lib/format.ts';
import { NEEDS_INTERNET, useOnlineCall } from '../use-online-call.ts';

/** Stripe's reasons for a refund; the free-text reason stays ours. */
const STRIPE_REASONS = [
  ['requested_by_customer', 'Requested by the customer'],
  ['duplicate', 'Duplicate payment'],
  ['fraudulent', 'Fraudulent payment'],
] as const;
type StripeReason = (typeof STRIPE_REASONS)[number][0];

/** What of a card payment can still be refunded (its amount less what Stripe refunded already). */
export function refundableMinor(payment: Row): number {
  return Number(payment.amount_minor ?? 0) - Number(payment.refunded_minor ?? 0);
}

/** A card payment taken through Stripe and confirmed, with something left to refund. */
export function isRefundable(payment: Row): boolean {
  return (
    payment.provider === 'stripe' &&
    String(payment.provider_ref ?? '').startsWith('pi_') &&
    payment.status === 'confirmed' &&
    payment.kind !== 'refund' &&
    refundableMinor(payment) > 0
  );
}

/**
 * Refunds a confirmed Stripe payment, all that remains or part of it, with a reason kept on the
 * job. The request id is made when the form opens: a double click or a retry is one refund. The
 * refund shows as a row of its own once Stripe reports it (webhook, then sync).
 */
export function RefundForm(props: { payment: Row; currency: string; onDone: () => void }) {
  const { locale } = useReference();
  const { call, busy, error, online, setError } = useOnlineCall();
  const [requestId] = useState(() => crypto.randomUUID());
  const remaining = refundableMinor(props.payment);
  const [amount, setAmount] = useState(moneyInputValue(remaining, props.currency));
  const [reason, setReason] = useState('');
  const [stripeReason, setStripeReason] = useState<StripeReason>('requested_by_customer');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number | null;
    try {
      amountMinor = parseMoney(amount, props.currency);
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    if (!amountMinor) return setError('Enter the amount to refund');
    if (amountMinor > remaining)
      return setError(`At most ${formatMoney(remaining, props.currency, locale)} can be refunded`);
    const answer = await call(
      'payments:refund',
      {
        paymentId: props.payment.id,
        requestId,
        amountMinor: amountMinor === remaining ? null : amountMinor,
        reason: reason.trim(),
        stripeReason,
      },
      'Refund sent to Stripe: it shows here once Stripe confirms it.',
    );
    if (answer) props.onDone();
  };

  return (
    <form className="payment-form" onSubmit={submit} aria-label="Refund">
      <p className="muted small">
        Refund of the card payment of {formatMoney(Number(props.payment.amount_minor), props.currency, locale)};{' '}
        {formatMoney(remaining, props.currency, locale)} can still be refunded.
      </p>
      <div className="form-grid">
        <Field label={`Refund amount (${props.currency})`} error={error}>
          {(id) => (
            <input id={id} value={amount} inputMode="decimal" required onChange={(e) => setAmount(e.target.value)} />
          )}
        </Field>
        <Field label="Category for Stripe">
          {(id) => (
            <select
              id={id}
              value={stripeReason}
              onChange={(e) =>
                setStripeReason(
                  STRIPE_REASONS.find(([value]) => value === e.target.value)?.[0] ?? 'requested_by_customer',
                )
              }
            >
              {STRIPE_REASONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Reason" hint="Kept with the refund and on the job; not sent to Stripe" wide>
          {(id) => (
            <input id={id} value={reason} required maxLength={300} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          {!online ? <span className="muted small">{NEEDS_INTERNET}</span> : null}
          <button type="button" className="button" onClick={props.onDone}>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={busy || !online || !reason.trim()}>
            Refund
          </button>
        </div>
      </div>
    </form>
  );
}
