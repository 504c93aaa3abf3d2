import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';

export const paymentCount = (row: Row) => (Array.isArray(row.payment_ids) ? row.payment_ids.length : 0);

/** The owner's queue: settlements handed over and not yet confirmed, with confirm and reject. */
export function PendingSettlements() {
  const scope = useSiteScope();
  const { rows, loading } = useRows('settlements', {
    where: { ...scope.where, status: 'submitted' },
    orderBy: 'created_at',
    descending: true,
  });
  return (
    <section className="panel" aria-labelledby="pending-settlements-title">
      <h2 id="pending-settlements-title">Cash handed over, awaiting you</h2>
      {loading ? null : rows.length === 0 ? (
        <div className="empty">No settlement waits for your confirmation.</div>
      ) : (
        <table className="table" data-testid="pending-settlements">
          <thead>
            <tr>
              <th>Handed over</th>
              <th>Manager</th>
              <th>Site</th>
              <th>Payments</th>
              <th className="num">Amount</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <PendingRow key={row.id} settlement={row} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One settlement awaiting the owner: confirming it confirms its payments; rejecting frees them. */
function PendingRow(props: { settlement: Row }) {
  const row = props.settlement;
  const { confirm } = useDeps();
  const { locale, currency, siteName, userName } = useReference();
  const { run, busy } = useMutation();
  const reject = async () => {
    const answer = await confirm.getState().ask({
      title: 'Reject this settlement?',
      body: 'Its payments go back to the manager’s cash to hand over.',
      confirmLabel: 'Reject',
      danger: true,
      reasonLabel: 'Why (the manager sees this)',
    });
    if (answer.confirmed) await run('settlement.reject', { settlementId: row.id, reason: answer.reason }, 'Rejected.');
  };
  return (
    <tr>
      <td className="nowrap">{formatDateTime(row.created_at, locale)}</td>
      <td>{userName(row.manager_id)}</td>
      <td>{siteName(row.site_id)}</td>
      <td>
        <details>
          <summary>{paymentCount(row)} payments</summary>
          <SettlementPayments settlementId={row.id} />
        </details>
        {row.note ? <div className="muted small">{text(row.note)}</div> : null}
      </td>
      <td className="num strong">{formatMoney(Number(row.amount_minor), text(row.currency) || currency, locale)}</td>
      <td className="nowrap">
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void run('settlement.confirm', { settlementId: row.id }, 'Settlement confirmed.')}
          >
            Confirm received
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void reject()}>
            Reject…
          </button>
        </div>
      </td>
    </tr>
  );
}

/** The payments a settlement covers, read from the replica when the owner opens it. */
function SettlementPayments(props: { settlementId: string }) {
  const { locale, currency } = useReference();
  const { rows } = useRows('payments', { where: { settlement_id: props.settlementId }, orderBy: 'created_at' });
  return (
    <ul className="plain-list">
      {rows.map((payment) => (
        <li key={payment.id}>
          {formatDateTime(payment.created_at, locale)} · <JobNumber id={text(payment.job_id)} /> ·{' '}
          {formatMoney(Number(payment.amount_minor), currency, locale)}
        </li>
      ))}
    </ul>
  );
}

function JobNumber(props: { id: string }) {
  const { row } = useRow('jobs', props.id || null);
  return <span className="mono">{text(row?.number) || 'job'}</span>;
}
