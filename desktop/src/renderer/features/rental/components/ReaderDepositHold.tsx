import { useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { formatMoney, text } from '../../../lib/format.ts';
import { ReaderAttemptStatus, ReaderChoice } from '../../payments/components/TerminalPayment.tsx';
import { NEEDS_INTERNET, useOnlineCall } from '../../payments/use-online-call.ts';

/**
 * "Hold on reader": the contract's deposit authorized on a card the renter presents on a Stripe
 * Terminal reader of the contract's site (manual capture). The hold then shows in the deposit
 * panel like an online one, and is captured or released with the same buttons. A card-present
 * hold lapses sooner (Stripe's `capture_before`, about two days): the panel shows when.
 */
export function ReaderDepositHold(props: { contract: Row; onDone: () => void }) {
  const { locale, currency } = useReference();
  const { call, busy, error, online, setError } = useOnlineCall();
  const [readerId, setReaderId] = useState<string | null>(null);
  const [attemptId, setAttemptId] = useState(() => crypto.randomUUID());
  const [started, setStarted] = useState(false);
  const amount = formatMoney(Number(props.contract.deposit_minor ?? 0), currency, locale);

  const start = async () => {
    if (!readerId) return setError('Choose a card reader');
    const answer = await call(
      'terminal:startDepositHold',
      { attemptId, readerId, contractId: props.contract.id },
      'Deposit sent to the reader.',
    );
    if (answer) setStarted(true);
  };

  if (started)
    return (
      <div className="payment-form" aria-label="Hold on reader">
        <ReaderAttemptStatus
          attemptId={attemptId}
          settledText={(attempt) => `Held: ${amount} on the card presented on ${attempt.readerLabel}.`}
          onRetry={() => {
            setAttemptId(crypto.randomUUID());
            setStarted(false);
          }}
          onClose={props.onDone}
        />
      </div>
    );

  return (
    <div className="payment-form" aria-label="Hold on reader">
      <p className="muted small">The renter presents the card for the deposit of {amount}; nothing is charged yet.</p>
      <div className="form-grid">
        <ReaderChoice siteId={text(props.contract.site_id)} value={readerId} onChange={setReaderId} />
        <div className="form-actions">
          {!online ? <span className="muted small">{NEEDS_INTERNET}</span> : null}
          <button type="button" className="button" onClick={props.onDone}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || !online || !readerId}
            onClick={() => void start()}
          >
            Send to reader
          </button>
        </div>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
