import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney, moneyInputValue, parseMoney, text } from '../../../lib/format.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { NEEDS_INTERNET, useOnlineCall } from '../use-online-call.ts';
import type { RecordKind } from '../payment-labels.ts';

const SMS_LABELS: Readonly<Record<string, string>> = {
  queued: 'SMS queued',
  accepted: 'SMS accepted by Twilio',
  sending: 'SMS being sent',
  sent: 'SMS sent',
  delivered: 'SMS delivered',
  undelivered: 'SMS not delivered',
  failed: 'SMS failed',
  ambiguous: 'SMS may not have been sent',
  not_sent: "SMS not sent: this month's allowance is used up",
};

/**
 * A Stripe Checkout link for what the customer still owes, sent by SMS to the customer's phone.
 * The payment id is made when the form opens, so a double click or a retry asks for one link.
 */
export function PayByLinkForm(props: {
  job: Row;
  currency: string;
  suggestedKind: RecordKind;
  suggestedMinor: number;
  onDone: () => void;
}) {
  const customer = useRow('customers', text(props.job.customer_id) || null).row;
  const { call, busy, error, online, setError } = useOnlineCall();
  const [paymentId] = useState(() => crypto.randomUUID());
  const [amount, setAmount] = useState(moneyInputValue(props.suggestedMinor, props.currency));
  const [phone, setPhone] = useState<string | null>(null);
  const shownPhone = phone ?? text(customer?.phone);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number | null;
    try {
      amountMinor = parseMoney(amount, props.currency);
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    if (!amountMinor) return setError('Enter the amount to ask for');
    const to = shownPhone.replace(/[\s-]/g, '');
    const answer = await call(
      'payments:requestLink',
      { paymentId, jobId: props.job.id, amountMinor, kind: props.suggestedKind, phone: to || null },
      to ? 'Payment link requested: it goes out by SMS.' : 'Payment link requested.',
    );
    if (answer) props.onDone();
  };

  return (
    <form className="payment-form" onSubmit={submit} aria-label="Pay by link">
      <div className="form-grid">
        <Field label={`Amount (${props.currency})`} error={error}>
          {(id) => (
            <input id={id} value={amount} inputMode="decimal" required onChange={(e) => setAmount(e.target.value)} />
          )}
        </Field>
        <Field label="Send by SMS to" hint="International format, e.g. +91 98123 45678; empty: show the link only">
          {(id) => <input id={id} value={shownPhone} maxLength={20} onChange={(e) => setPhone(e.target.value)} />}
        </Field>
        <div className="form-actions">
          {!online ? <span className="muted small">{NEEDS_INTERNET}</span> : null}
          <button type="button" className="button" onClick={props.onDone}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !online}>
            Send payment link
          </button>
        </div>
      </div>
    </form>
  );
}

/** The newest payment links of the job that are not paid yet: the link, and what became of the SMS. */
export function OpenPaymentLinks(props: { job: Row; payments: readonly Row[]; currency: string }) {
  const { locale } = useReference();
  const messages = useRows('messages', { where: { job_id: props.job.id, purpose: 'payment-link' } }).rows;
  const open = props.payments.filter(
    (payment) => payment.provider === 'stripe' && payment.method === 'online' && payment.status === 'unconfirmed',
  );
  if (open.length === 0) return null;
  return (
    <ul className="payment-links" data-testid="payment-links">
      {open.map((payment) => {
        const link = text(payment.reference);
        const sms = messages.find((message) => text(message.body).includes(link) && link);
        return (
          <li key={payment.id}>
            <strong>{formatMoney(Number(payment.amount_minor ?? 0), props.currency, locale)}</strong> by link:{' '}
            {link.startsWith('http') ? (
              <span className="mono">{link}</span>
            ) : (
              <span className="muted">waiting for Stripe to make the link…</span>
            )}
            <span className="muted small">
              {' '}
              · {sms ? (SMS_LABELS[text(sms.status)] ?? `SMS ${text(sms.status)}`) : 'no SMS'} · confirmed when the
              customer has paid
            </span>
          </li>
        );
      })}
    </ul>
  );
}
