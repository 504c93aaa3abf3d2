import type { Row } from '@forecourt/shared/schema/tables';
import { useSession } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { paymentCount } from './PendingSettlements.tsx';

const STATUS_PILLS: Readonly<Record<string, { label: string; className: string }>> = {
  submitted: { label: 'Awaiting the owner', className: 'pill pill-warn' },
  confirmed: { label: 'Confirmed', className: 'pill pill-ok' },
  rejected: { label: 'Rejected', className: 'pill status-cancelled' },
};

/** Settlements so far: a manager's own, or (owner) every one in the sites shown; newest first. */
export function SettlementHistory() {
  const user = useSession((state) => state.user);
  const scope = useSiteScope();
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
            {shown.map((row) => (
              <HistoryRow key={row.id} settlement={row} withManager={owner} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function HistoryRow(props: { settlement: Row; withManager: boolean }) {
  const row = props.settlement;
  const { locale, currency, siteName, userName } = useReference();
  const pill = STATUS_PILLS[text(row.status)] ?? { label: text(row.status), className: 'pill' };
  return (
    <tr>
      <td className="nowrap">{formatDateTime(row.created_at, locale)}</td>
      {props.withManager ? <td>{userName(row.manager_id)}</td> : null}
      <td>{siteName(row.site_id)}</td>
      <td>{paymentCount(row)}</td>
      <td className="num">{formatMoney(Number(row.amount_minor), text(row.currency) || currency, locale)}</td>
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
}
