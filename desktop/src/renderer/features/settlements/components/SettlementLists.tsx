import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';

const STATUS_PILLS: Readonly<Record<string, { label: string; className: string }>> = {
  submitted: { label: 'Awaiting the owner', className: 'pill pill-warn' },
  confirmed: { label: 'Confirmed', className: 'pill pill-ok' },
  rejected: { label: 'Rejected', className: 'pill status-cancelled' },
};

const paymentCount = (row: Row) => (Array.isArray(row.payment_ids) ? row.payment_ids.length : 0);

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

/** The owner's queue: settlements handed over and not yet confirmed, with confirm and reject. */
export function PendingSettlements() {
  const { confirm } = useDeps();
  const scope = useSiteScope();
  const { locale, currency, siteName, userName } = useReference();
  const { run, busy } = useMutation();
  const { rows, loading } = useRows('settlements', {
    where: { ...scope.where, status: 'submitted' },
    orderBy: 'created_at',
    descending: true,
  });
  const reject = async (row: Row) => {
    const answer = await confirm.getState().ask({
      title: 'Reject this settlement?',
      body: 'Its payments go back to the manager’s cash to hand over.',
      confirmLabel: 'Reject',
      danger: true,
      reasonLabel: 'Why (the manager sees this)',
    });
    if (answer.confirmed)
      await run('settlement.reject', { settlementId: row.id, reason: answer.reason }, 'Settlement rejected.');
  };
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
              <tr key={row.id}>
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
                <td className="num strong">
                  {formatMoney(Number(row.amount_minor), text(row.currency) || currency, locale)}
                </td>
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
                    <button type="button" className="button" disabled={busy} onClick={() => void reject(row)}>
                      Reject…
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Settlements so far: a manager's own, or (owner) every one in the sites shown; newest first. */
export function SettlementHistory() {
  const user = useSession((state) => state.user);
  const scope = useSiteScope();
  const { locale, currency, siteName, userName } = useReference();
  const owner = user?.role === 'owner';
  const where = owner ? scope.where : { manager_id: user?.userId ?? '' };
  const { rows } = useRows('settlements', { where, orderBy: 'created_at', descending: true, limit: 100 });
  const shown = owner ? rows.filter((row) => row.status !== 'submitted') : rows;
  return (
    <section className="panel" aria-labelledby="settlement-history-title">
      <h2 id="settlement-history-title">{owner ? 'Settled before' : 'My settlements'}</h2>
      {shown.length === 0 ? (
        <div className="empty">No settlements yet.</div>
      ) : (
        <table className="table" data-testid="settlement-history">
          <thead>
            <tr>
              <th>Handed over</th>
              {owner ? <th>Manager</th> : null}
              <th>Site</th>
              <th>Payments</th>
              <th className="num">Amount</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const pill = STATUS_PILLS[text(row.status)] ?? { label: text(row.status), className: 'pill' };
              return (
                <tr key={row.id}>
                  <td className="nowrap">{formatDateTime(row.created_at, locale)}</td>
                  {owner ? <td>{userName(row.manager_id)}</td> : null}
                  <td>{siteName(row.site_id)}</td>
                  <td>{paymentCount(row)}</td>
                  <td className="num">
                    {formatMoney(Number(row.amount_minor), text(row.currency) || currency, locale)}
                  </td>
                  <td>
                    <span className={pill.className}>{pill.label}</span>
                    {row.status === 'rejected' && row.reject_reason ? (
                      <div className="muted small">Reason: {text(row.reject_reason)}</div>
                    ) : null}
                    {row.status === 'confirmed' ? (
                      <div className="muted small">{formatDateTime(row.confirmed_at, locale)}</div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
