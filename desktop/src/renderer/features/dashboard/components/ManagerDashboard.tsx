import type { DashboardFilters, ManagerDashboardView } from '../../../../common/analytics-schemas.ts';
import { useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { useFigures } from '../use-figures.ts';
import { FigureCard, FigureGrid, StatusCounts } from './FigureCards.tsx';
import { PaymentLines } from './PaymentLines.tsx';

/**
 * A manager's own view: the jobs they opened, the payments they recorded that wait for the
 * owner's confirmation, and the cash they hold that no settlement covers yet.
 */
export function ManagerDashboard(props: { filters: DashboardFilters }) {
  const { nav } = useDeps();
  const { locale } = useReference();
  const { data, error } = useFigures('analytics:managerDashboard', props.filters);
  if (error && !data) return <div className="form-error">{error}</div>;
  if (!data) return <div className="figures-loading">Adding up…</div>;
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  return (
    <>
      {error ? <div className="form-error">{error}</div> : null}
      <ManagerFigures view={data} money={money} />
      <section className="panel">
        <h2>My jobs by status</h2>
        <StatusCounts byStatus={data.byStatus} />
      </section>
      <section className="panel">
        <div className="section-head">
          <h2>Cash not yet handed over</h2>
          {data.cashNotSettled.payments.length > 0 ? (
            <button
              type="button"
              className="button primary push-right"
              onClick={() => nav.getState().navigate({ name: 'settlements' })}
            >
              Hand over cash…
            </button>
          ) : null}
        </div>
        <PaymentLines
          payments={data.cashNotSettled.payments}
          count={data.cashNotSettled.count}
          currency={data.currency}
          emptyText="No cash waiting: everything you collected in cash is handed over."
          testId="cash-not-settled"
        />
      </section>
      <section className="panel">
        <h2>Payments awaiting the owner’s confirmation</h2>
        <PaymentLines
          payments={data.awaitingConfirmation.payments}
          count={data.awaitingConfirmation.count}
          currency={data.currency}
          emptyText="Nothing waits for confirmation."
          testId="awaiting-confirmation"
        />
      </section>
      {data.settlementsAwaitingOwner.length > 0 ? (
        <section className="panel">
          <h2>Handed over, awaiting the owner</h2>
          <ul className="plain-list">
            {data.settlementsAwaitingOwner.map((row) => (
              <li key={row.settlementId}>
                {formatDateTime(row.createdAt, locale)}: {money(row.amountMinor)} in {row.payments} payments
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function ManagerFigures(props: { view: ManagerDashboardView; money: (minor: number) => string }) {
  const { view, money } = props;
  return (
    <FigureGrid>
      <FigureCard label="My jobs" value={view.jobs.jobs} hint="opened by you in the period" />
      <FigureCard label="Revenue" value={money(view.jobs.revenueMinor)} hint="of those jobs" />
      <FigureCard label="Collected" value={money(view.jobs.collectedMinor)} hint="confirmed by the owner" tone="ok" />
      <FigureCard
        label="Awaiting confirmation"
        value={money(view.awaitingConfirmation.totalMinor)}
        hint={`${view.awaitingConfirmation.count} payments you recorded`}
        tone="warn"
      />
      <FigureCard
        label="Cash not settled"
        value={money(view.cashNotSettled.totalMinor)}
        hint="to hand over to the owner"
        tone="warn"
      />
    </FigureGrid>
  );
}
