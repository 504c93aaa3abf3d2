import { useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { canManage, canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import type { JobMoney } from '../../job-lines/job-money.ts';
import { paymentKindLabel, paymentMethodLabel, paymentStatus, type RecordKind } from '../payment-labels.ts';
import { BalanceFacts } from './BalanceFacts.tsx';
import { PaymentForm } from './PaymentForm.tsx';
import { OpenPaymentLinks, PayByLinkForm } from './PayByLink.tsx';
import { isRefundable, RefundForm } from './RefundForm.tsx';
import { TerminalPaymentForm } from './TerminalPayment.tsx';
import { NEEDS_INTERNET, useOnline } from '../use-online-call.ts';
import '../payments.css';

function suggestedKind(money: JobMoney): RecordKind {
  if (money.activeInvoice) return 'final';
  return money.payments.length === 0 ? 'advance' : 'partial';
}

/**
 * Money received on a job: each payment with its state, the balance (confirmed and unconfirmed
 * apart), recording a payment, and, for owners, confirming one. The server is the authority on
 * who confirms: a refused confirmation comes back in the sync panel with its reason.
 */
export function JobPayments(props: { job: Row; money: JobMoney }) {
  const { job, money } = props;
  const role = useSession((state) => state.user?.role);
  const [recording, setRecording] = useState(false);
  const [linking, setLinking] = useState(false);
  const [onReader, setOnReader] = useState(false);
  const [refunding, setRefunding] = useState<Row | null>(null);
  const online = useOnline();
  const canRecord = job.status !== 'cancelled' && canRun(role, 'payment.record');
  const owed = money.balance.outstandingMinor;
  return (
    <section className="panel job-payments" aria-labelledby="job-payments-title">
      <div className="section-head">
        <h2 id="job-payments-title">Payments</h2>
        {canRecord && !recording && !linking && !onReader ? (
          <div className="push-right actions">
            <button
              type="button"
              className="button"
              disabled={!online || owed <= 0}
              title={!online ? NEEDS_INTERNET : owed <= 0 ? 'Nothing is owed' : 'The customer pays by card on a reader'}
              onClick={() => setOnReader(true)}
            >
              Card on reader
            </button>
            <button
              type="button"
              className="button"
              disabled={!online || owed <= 0}
              title={!online ? NEEDS_INTERNET : owed <= 0 ? 'Nothing is owed' : 'A Stripe link, sent by SMS'}
              onClick={() => setLinking(true)}
            >
              Pay by link
            </button>
            <button type="button" className="button" onClick={() => setRecording(true)}>
              Record payment
            </button>
          </div>
        ) : null}
      </div>
      {canRecord && !online ? <p className="muted small">Pay by link and refunds: {NEEDS_INTERNET}</p> : null}
      {linking ? (
        <PayByLinkForm
          job={job}
          currency={money.currency}
          suggestedKind={suggestedKind(money)}
          suggestedMinor={owed}
          onDone={() => setLinking(false)}
        />
      ) : null}
      {onReader ? (
        <TerminalPaymentForm
          job={job}
          currency={money.currency}
          suggestedKind={suggestedKind(money)}
          suggestedMinor={owed}
          onDone={() => setOnReader(false)}
        />
      ) : null}
      {recording ? (
        <PaymentForm
          job={job}
          currency={money.currency}
          suggestedKind={suggestedKind(money)}
          suggestedMinor={money.balance.outstandingMinor}
          onDone={() => setRecording(false)}
        />
      ) : null}
      {refunding ? (
        <RefundForm
          key={refunding.id}
          payment={refunding}
          currency={money.currency}
          onDone={() => setRefunding(null)}
        />
      ) : null}
      <OpenPaymentLinks job={job} payments={money.payments} currency={money.currency} />
      <PaymentTable payments={money.payments} currency={money.currency} onRefund={setRefunding} />
      <BalanceFacts balance={money.balance} currency={money.currency} />
    </section>
  );
}

/** A pay-by-link payment: Stripe's webhook confirms it once paid, nobody at the counter does. */
const awaitingStripe = (payment: Row) => payment.provider === 'stripe' && payment.method === 'online';

function PaymentTable(props: { payments: readonly Row[]; currency: string; onRefund: (payment: Row) => void }) {
  const { locale, userName } = useReference();
  const role = useSession((state) => state.user?.role);
  const online = useOnline();
  // Owners confirm; owners and managers refund (the server checks both again).
  const owner = canRun(role, 'payment.confirm');
  const refunds = canManage(role);
  const actions = owner || refunds;
  if (props.payments.length === 0) return <p className="muted">No payments recorded yet.</p>;
  return (
    <table className="table payment-table" data-testid="payment-table">
      <thead>
        <tr>
          <th>Recorded</th>
          <th>Payment</th>
          <th>Reference</th>
          <th className="num">Amount</th>
          <th>State</th>
          {actions ? <th aria-label="Actions" /> : null}
        </tr>
      </thead>
      <tbody>
        {props.payments.map((payment) => {
          const status = paymentStatus(payment.status);
          return (
            <tr key={payment.id}>
              <td className="nowrap">
                {formatDateTime(payment.created_at, locale)}
                <div className="muted small">by {userName(payment.recorded_by)}</div>
              </td>
              <td>
                {paymentKindLabel(payment.kind)} · {paymentMethodLabel(payment.method)}
                {payment.note ? <div className="muted small">{text(payment.note)}</div> : null}
              </td>
              <td className="mono">
                {text(payment.reference).startsWith('http') ? (
                  <span className="payment-link-ref" title={text(payment.reference)}>
                    Stripe link
                  </span>
                ) : (
                  text(payment.reference) || '—'
                )}
              </td>
              <td className="num nowrap">
                {formatMoney(
                  typeof payment.amount_minor === 'number' ? payment.amount_minor : 0,
                  props.currency,
                  locale,
                )}
                {Number(payment.refunded_minor ?? 0) > 0 ? (
                  <div className="muted small">
                    refunded {formatMoney(Number(payment.refunded_minor), props.currency, locale)}
                  </div>
                ) : null}
              </td>
              <td>
                <span className={`money-tag ${status.tone}`}>{status.label}</span>
                {payment.status === 'confirmed' && payment.confirmed_by ? (
                  <div className="muted small">by {userName(payment.confirmed_by)}</div>
                ) : null}
                {payment.status_reason ? <div className="muted small">{text(payment.status_reason)}</div> : null}
              </td>
              {actions ? (
                <td className="row-actions">
                  {owner && payment.status === 'unconfirmed' && !awaitingStripe(payment) ? (
                    <OwnerActions payment={payment} />
                  ) : null}
                  {refunds && isRefundable(payment) ? (
                    <button
                      type="button"
                      className="button small danger-outline"
                      disabled={!online}
                      title={online ? 'Refund through Stripe' : NEEDS_INTERNET}
                      onClick={() => props.onRefund(payment)}
                    >
                      Refund…
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Shown to owners only; the server checks the role again. */
function OwnerActions(props: { payment: Row }) {
  const { confirm } = useDeps();
  const { run, busy } = useMutation();
  const { payment } = props;
  const markFailed = async () => {
    const answer = await confirm.getState().ask({
      title: 'Mark this payment as failed?',
      body: 'A bounced transfer or a reversed UPI payment no longer counts as paid. The reason is kept.',
      confirmLabel: 'Mark failed',
      danger: true,
      reasonLabel: 'What happened',
    });
    if (answer.confirmed)
      await run('payment.markFailed', { paymentId: payment.id, reason: answer.reason }, 'Payment marked as failed.');
  };
  return (
    <>
      <button
        type="button"
        className="button small primary"
        disabled={busy}
        onClick={() => void run('payment.confirm', { paymentId: payment.id }, 'Payment confirmed.')}
      >
        Confirm
      </button>
      <button type="button" className="button small danger-outline" disabled={busy} onClick={() => void markFailed()}>
        Failed…
      </button>
    </>
  );
}
