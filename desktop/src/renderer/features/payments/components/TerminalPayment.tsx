import { useEffect, useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney, moneyInputValue, parseMoney, text } from '../../../lib/format.ts';
import type { RecordKind } from '../payment-labels.ts';
import { NEEDS_INTERNET, useOnlineCall } from '../use-online-call.ts';
import { useReaderAttempt, useReaders, type ReaderAttempt } from '../use-reader-attempt.ts';
import '../terminal.css';

/** The reader to use: the site's readers, a busy one marked; the first free one chosen. */
export function ReaderChoice(props: { siteId: string; value: string | null; onChange: (readerId: string) => void }) {
  const { list, error } = useReaders(props.siteId);
  const first = list?.readers.find((reader) => !reader.busy)?.id ?? list?.readers[0]?.id ?? null;
  const { value, onChange } = props;
  useEffect(() => {
    if (value === null && first) onChange(first);
  }, [value, first, onChange]);
  if (error) return <p className="field-error">{error}</p>;
  if (!list) return <p className="muted small">Looking for the site’s card readers…</p>;
  if (list.readers.length === 0)
    return <p className="muted small">This site has no card reader. An owner or a manager registers one.</p>;
  const chosen = value ?? first ?? '';
  return (
    <Field label="Card reader" hint={list.mode === 'sandbox' ? 'Sandbox: a simulated reader' : undefined}>
      {(id) => (
        <select id={id} value={chosen} onChange={(event) => props.onChange(event.target.value)}>
          {list.readers.map((reader) => (
            <option key={reader.id} value={reader.id}>
              {reader.label}
              {reader.busy ? ' (busy)' : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * Where the card on the reader stands: waiting (with Cancel), paid, declined (with Stripe's
 * words) or cancelled. Once settled: "Try again" (a new attempt) unless it succeeded, and
 * Done / Close.
 */
export function ReaderAttemptStatus(props: {
  attemptId: string;
  settledText: (attempt: ReaderAttempt) => string;
  onRetry: () => void;
  onClose: (attempt: ReaderAttempt) => void;
}) {
  const { attempt, pollError } = useReaderAttempt(props.attemptId);
  const { call, busy, error } = useOnlineCall();
  const cancel = () => void call('terminal:cancel', { attemptId: props.attemptId }, 'Payment on the reader cancelled.');
  const open = !attempt || attempt.status === 'requested' || attempt.status === 'waiting';
  return (
    <div className="reader-attempt" data-testid="reader-attempt" data-status={attempt?.status ?? 'requested'}>
      {open ? (
        <p role="status" className="reader-waiting">
          <span className="reader-pulse" aria-hidden="true" />
          {attempt?.status === 'waiting'
            ? `Waiting for card on ${attempt.readerLabel}…`
            : 'Sending the amount to the reader…'}
        </p>
      ) : (
        <p role="status" className={`reader-outcome ${attempt.status}`}>
          {attempt.status === 'succeeded'
            ? props.settledText(attempt)
            : attempt.status === 'failed'
              ? `Declined: ${attempt.message ?? 'the card was not accepted'}`
              : 'Cancelled: nothing was charged.'}
        </p>
      )}
      {pollError ? <p className="muted small">{pollError} (still trying)</p> : null}
      {error ? <p className="field-error">{error}</p> : null}
      <div className="form-actions">
        {open ? (
          <button type="button" className="button danger-outline" disabled={busy} onClick={cancel}>
            Cancel
          </button>
        ) : (
          <>
            {attempt.status !== 'succeeded' ? (
              <button type="button" className="button primary" onClick={props.onRetry}>
                Try again
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => props.onClose(attempt)}>
              {attempt.status === 'succeeded' ? 'Done' : 'Close'}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * "Card on reader" for a job: the amount goes to a Stripe Terminal reader of the job's site and
 * the customer taps or inserts a card there. The payment row comes by sync once Stripe reports
 * it, confirmed by the provider. Each press of "Send to reader" is one attempt (its id made then),
 * so a retry after a decline is a new attempt and a double click the same one.
 */
export function TerminalPaymentForm(props: {
  job: Row;
  currency: string;
  suggestedKind: RecordKind;
  suggestedMinor: number;
  onDone: () => void;
}) {
  const { locale } = useReference();
  const { toasts } = useDeps();
  const { call, busy, error, online, setError } = useOnlineCall();
  const [readerId, setReaderId] = useState<string | null>(null);
  const [amount, setAmount] = useState(moneyInputValue(props.suggestedMinor, props.currency));
  const [attemptId, setAttemptId] = useState(() => crypto.randomUUID());
  const [started, setStarted] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number | null;
    try {
      amountMinor = parseMoney(amount, props.currency);
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    if (!amountMinor) return setError('Enter the amount to take');
    if (!readerId) return setError('Choose a card reader');
    const answer = await call(
      'terminal:startPayment',
      { attemptId, readerId, jobId: props.job.id, amountMinor, kind: props.suggestedKind },
      'Amount sent to the reader.',
    );
    if (answer) setStarted(true);
  };

  if (started)
    return (
      <div className="payment-form" aria-label="Card on reader">
        <ReaderAttemptStatus
          attemptId={attemptId}
          settledText={(attempt) =>
            `Paid: ${formatMoney(attempt.amountMinor, props.currency, locale)} by card on ${attempt.readerLabel}.`
          }
          onRetry={() => {
            setAttemptId(crypto.randomUUID());
            setStarted(false);
          }}
          onClose={(attempt) => {
            if (attempt.status === 'succeeded') toasts.getState().show('success', 'Card payment taken.');
            props.onDone();
          }}
        />
      </div>
    );

  return (
    <form className="payment-form" onSubmit={submit} aria-label="Card on reader">
      <div className="form-grid">
        <ReaderChoice siteId={text(props.job.site_id)} value={readerId} onChange={setReaderId} />
        <Field label={`Amount (${props.currency})`} error={error}>
          {(id) => (
            <input id={id} value={amount} inputMode="decimal" required onChange={(e) => setAmount(e.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          {!online ? <span className="muted small">{NEEDS_INTERNET}</span> : null}
          <button type="button" className="button" onClick={props.onDone}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !online || !readerId}>
            Send to reader
          </button>
        </div>
      </div>
    </form>
  );
}
