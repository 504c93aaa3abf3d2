import { useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import type { JobMoney } from '../../job-lines/job-money.ts';
import { paymentKindLabel, paymentMethodLabel, paymentStatus, type RecordKind } from '../payment-labels.ts';
import { BalanceFacts } from './BalanceFacts.tsx';
import { PaymentForm } from './PaymentForm.tsx';

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
  const canRecord = job.status !== 'cancelled' && canRun(role, 'payment.record');
  return (
    <section className="panel job-payments" aria-labelledby="job-payments-title">
      <div className="section-head">
        <h2 id="job-payments-title">Payments</h2>
        {canRecord && !recording ? (
          <button type="button" className="button push-right" onClick={() => setRecording(true)}>
            Record payment
          </button>
        ) : null}
      </div>
      {recording ? (
        <PaymentForm
          job={job}
          currency={money.currency}
          suggestedKind={suggestedKind(money)}
          suggestedMinor={money.balance.outstandingMinor}
          onDone={() => setRecording(false)}
        />
      ) : null}
      <PaymentTable payments={money.payments} currency={money.currency} />
      <BalanceFacts balance={money.balance} currency={money.currency} />
    </section>
  );
}

function PaymentTable(props: { payments: readonly Row[]; currency: string }) {
  const { locale, userName } = useReference();
  const role = useSession((state) => state.user?.role);
  const owner = canRun(role, 'payment.confirm');
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
          {owner ? <th aria-label="Actions" /> : null}
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
              <td className="mono">{text(payment.reference) || '—'}</td>
              <td className="num nowrap">
                {formatMoney(
                  typeof payment.amount_minor === 'number' ? payment.amount_minor : 0,
                  props.currency,
                  locale,
                )}
              </td>
              <td>
                <span className={`money-tag ${status.tone}`}>{status.label}</span>
                {payment.status === 'confirmed' && payment.confirmed_by ? (
                  <div className="muted small">by {userName(payment.confirmed_by)}</div>
                ) : null}
                {payment.status_reason ? <div className="muted small">{text(payment.status_reason)}</div> : null}
              </td>
              {owner ? (
                <td className="row-actions">
                  {payment.status === 'unconfirmed' ? <OwnerActions payment={payment} /> : null}
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
