import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { Field } from '../../../lib/Field.tsx';
import { moneyInputValue, parseMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import {
  paymentKindLabel,
  paymentMethodLabel,
  RECORD_KINDS,
  RECORD_METHODS,
  type RecordKind,
  type RecordMethod,
} from '../payment-labels.ts';

/**
 * Record money received (`payment.record`): advance, part or final payment, by cash, UPI, card
 * or bank transfer. It stays unconfirmed until an owner confirms it (an owner's own is
 * confirmed as recorded).
 */
export function PaymentForm(props: {
  job: Row;
  currency: string;
  suggestedKind: RecordKind;
  suggestedMinor: number;
  onDone: () => void;
}) {
  const { run, busy } = useMutation();
  const [kind, setKind] = useState<RecordKind>(props.suggestedKind);
  const [method, setMethod] = useState<RecordMethod>('cash');
  const [amount, setAmount] = useState(
    props.suggestedMinor > 0 ? moneyInputValue(props.suggestedMinor, props.currency) : '',
  );
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number | null;
    try {
      amountMinor = parseMoney(amount, props.currency);
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    if (!amountMinor) return setError('Enter the amount received');
    setError(null);
    const done = await run(
      'payment.record',
      {
        jobId: props.job.id,
        kind,
        method,
        amountMinor,
        reference: reference.trim() || null,
        note: note.trim() || null,
      },
      `Payment recorded on job ${text(props.job.number)}.`,
    );
    if (done) props.onDone();
  };

  return (
    <form className="payment-form" onSubmit={submit} aria-label="Record payment">
      <div className="form-grid">
        <Field label="Payment">
          {(id) => (
            <select
              id={id}
              value={kind}
              onChange={(e) => setKind(RECORD_KINDS.find((k) => k === e.target.value) ?? 'partial')}
            >
              {RECORD_KINDS.map((value) => (
                <option key={value} value={value}>
                  {paymentKindLabel(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Method">
          {(id) => (
            <select
              id={id}
              value={method}
              onChange={(e) => setMethod(RECORD_METHODS.find((m) => m === e.target.value) ?? 'cash')}
            >
              {RECORD_METHODS.map((value) => (
                <option key={value} value={value}>
                  {paymentMethodLabel(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Amount (${props.currency})`} error={error}>
          {(id) => (
            <input
              id={id}
              value={amount}
              inputMode="decimal"
              required
              autoFocus
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        <Field label="Reference" hint={method === 'cash' ? 'Receipt number, if any' : 'UPI / card / bank reference'}>
          {(id) => <input id={id} value={reference} maxLength={100} onChange={(e) => setReference(e.target.value)} />}
        </Field>
        <Field label="Note" wide>
          {(id) => <input id={id} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="button" className="button" onClick={props.onDone}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Record payment
          </button>
        </div>
      </div>
    </form>
  );
}
