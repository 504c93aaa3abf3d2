import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime, formatMoney, moneyInputValue, parseMoney, text } from '../../../lib/format.ts';
import { canManage } from '../../../lib/permissions.ts';
import { NEEDS_INTERNET, useOnlineCall } from '../../payments/use-online-call.ts';
import '../../payments/payments.css';
import { ReaderDepositHold } from './ReaderDepositHold.tsx';

const STATES: Readonly<Record<string, { label: string; tone: string }>> = {
  requested: { label: 'Requested', tone: 'warn' },
  pending: { label: 'Waiting for the card', tone: 'warn' },
  authorized: { label: 'Held on the card', tone: 'ok' },
  captured: { label: 'Captured', tone: 'ok' },
  released: { label: 'Released', tone: 'muted' },
  expired: { label: 'Expired', tone: 'danger' },
  failed: { label: 'Failed', tone: 'danger' },
};
/** A new hold may be placed when there is none, or the last one ended without charging. */
const CAN_HOLD = new Set(['', 'released', 'expired', 'failed']);

/**
 * The contract's deposit held on the renter's card (Stripe, manual capture), from the contract's
 * `deposit_hold_*` columns: place the hold, capture all or part of it (owners and managers), or
 * release it. Each press carries a new request id; the state changes when Stripe answers, through
 * sync. Online only.
 */
export function DepositHold(props: { contract: Row }) {
  const { contract } = props;
  const { locale, currency } = useReference();
  const role = useSession((state) => state.user?.role);
  const { call, busy, error, online, setError } = useOnlineCall();
  const [capturing, setCapturing] = useState(false);
  const [onReader, setOnReader] = useState(false);
  const status = text(contract.deposit_hold_status);
  const state = STATES[status];
  const money = (minor: unknown) => formatMoney(Number(minor ?? 0), currency, locale);
  const staff = role !== undefined && role !== 'viewer';
  const open = contract.status === 'open';
  const step = (channel: 'deposits:hold' | 'deposits:release', success: string) =>
    void call(channel, { contractId: contract.id, requestId: crypto.randomUUID() }, success);

  return (
    <div className="panel deposit-hold" data-testid="deposit-hold">
      <h2>Deposit on the card</h2>
      <dl className="facts compact">
        <dt>State</dt>
        <dd data-testid="deposit-hold-state">
          {state ? <span className={`money-tag ${state.tone}`}>{state.label}</span> : 'Not held'}
          {contract.deposit_hold_reason ? (
            <div className="muted small">{text(contract.deposit_hold_reason)}</div>
          ) : null}
        </dd>
        <dt>Deposit</dt>
        <dd>{money(contract.deposit_minor)}</dd>
        {status ? (
          <>
            <dt>Held</dt>
            <dd>{money(contract.deposit_hold_minor)}</dd>
            <dt>Captured</dt>
            <dd data-testid="deposit-captured">{money(contract.deposit_captured_minor)}</dd>
            <dt>Hold expires</dt>
            <dd>{contract.deposit_hold_expires_at ? formatDateTime(contract.deposit_hold_expires_at, locale) : '—'}</dd>
            <dt>Stripe</dt>
            <dd className="mono small">{text(contract.deposit_hold_ref) || '—'}</dd>
          </>
        ) : null}
      </dl>
      {staff ? (
        <div className="actions">
          {open && CAN_HOLD.has(status) && Number(contract.deposit_minor ?? 0) > 0 ? (
            <button
              type="button"
              className="button primary"
              disabled={busy || !online}
              onClick={() => step('deposits:hold', 'Deposit hold requested.')}
            >
              Hold deposit
            </button>
          ) : null}
          {open && CAN_HOLD.has(status) && Number(contract.deposit_minor ?? 0) > 0 && !onReader ? (
            <button
              type="button"
              className="button"
              disabled={busy || !online}
              title={online ? 'The renter presents the card on a reader' : NEEDS_INTERNET}
              onClick={() => setOnReader(true)}
            >
              Hold on reader
            </button>
          ) : null}
          {status === 'authorized' && canManage(role) && !capturing ? (
            <button type="button" className="button" disabled={busy || !online} onClick={() => setCapturing(true)}>
              Capture…
            </button>
          ) : null}
          {status === 'authorized' || status === 'pending' ? (
            <button
              type="button"
              className="button danger-outline"
              disabled={busy || !online}
              onClick={() => step('deposits:release', 'Deposit release requested.')}
            >
              Release hold
            </button>
          ) : null}
          {!online ? <span className="muted small">{NEEDS_INTERNET}</span> : null}
        </div>
      ) : null}
      {onReader ? <ReaderDepositHold contract={contract} onDone={() => setOnReader(false)} /> : null}
      {capturing ? (
        <CaptureForm
          contract={contract}
          busy={busy}
          online={online}
          onCapture={async (amountMinor) => {
            const answer = await call(
              'deposits:capture',
              { contractId: contract.id, requestId: crypto.randomUUID(), amountMinor },
              'Deposit capture requested.',
            );
            if (answer) setCapturing(false);
          }}
          onInvalid={setError}
          onCancel={() => setCapturing(false)}
        />
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CaptureForm(props: {
  contract: Row;
  busy: boolean;
  online: boolean;
  onCapture: (amountMinor: number | null) => Promise<void>;
  onInvalid: (message: string) => void;
  onCancel: () => void;
}) {
  const { currency } = useReference();
  const held = Number(props.contract.deposit_hold_minor ?? 0);
  const [amount, setAmount] = useState(moneyInputValue(held, currency));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number | null;
    try {
      amountMinor = parseMoney(amount, currency);
    } catch (failure) {
      return props.onInvalid(failure instanceof Error ? failure.message : String(failure));
    }
    if (!amountMinor || amountMinor > held) return props.onInvalid('Enter an amount up to what is held');
    await props.onCapture(amountMinor === held ? null : amountMinor);
  };
  return (
    <form className="payment-form" onSubmit={submit} aria-label="Capture deposit">
      <div className="form-grid">
        <Field label={`Capture (${currency})`} hint="The rest of the hold is released">
          {(id) => (
            <input id={id} value={amount} inputMode="decimal" required onChange={(e) => setAmount(e.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={props.busy || !props.online}>
            Capture
          </button>
        </div>
      </div>
    </form>
  );
}
