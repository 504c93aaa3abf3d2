import type { DashboardFilters, OwnerDashboardView } from '../../../../common/analytics-schemas.ts';
import { useReference } from '../../../app/reference.ts';
import { formatMoney } from '../../../lib/format.ts';
import { useFigures } from '../use-figures.ts';
import { DailyRevenueChart } from './DailyRevenueChart.tsx';
import { FigureCard, FigureGrid, StatusCounts } from './FigureCards.tsx';

/**
 * The owner's figures for the filters: totals, jobs by status, revenue by day for the last 30
 * days (ending on the range's last day, else today), and each manager's and site's share.
 */
export function OwnerDashboard(props: { filters: DashboardFilters }) {
  const { locale } = useReference();
  const { data, error } = useFigures('analytics:dashboard', props.filters);
  if (error && !data) return <div className="form-error">{error}</div>;
  if (!data) return <div className="figures-loading">Adding up…</div>;
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  const { totals } = data;
  return (
    <>
      {error ? <div className="form-error">{error}</div> : null}
      <FigureGrid>
        <FigureCard label="Jobs" value={totals.jobs} hint="opened in the period" />
        <FigureCard label="Revenue" value={money(totals.revenueMinor)} hint="invoiced, else estimated" />
        <FigureCard label="Collected" value={money(totals.collectedMinor)} hint="payments confirmed" tone="ok" />
        <FigureCard
          label="Unconfirmed"
          value={money(totals.unconfirmedMinor)}
          hint="recorded, awaiting your confirmation"
          tone="warn"
        />
        <FigureCard label="Outstanding" value={money(totals.outstandingMinor)} hint="customers still owe" />
        <FigureCard
          label="Average job"
          value={money(totals.averageJobValueMinor)}
          hint="revenue per job not cancelled"
        />
      </FigureGrid>
      <div className="dashboard-columns">
        <section className="panel">
          <h2>Revenue by day</h2>
          <DailyRevenueChart days={data.dailyRevenue} currency={data.currency} locale={locale} />
        </section>
        <section className="panel">
          <h2>Jobs by status</h2>
          <StatusCounts byStatus={data.byStatus} />
        </section>
      </div>
      <section className="panel">
        <h2>By manager</h2>
        <p className="muted small">
          Jobs, revenue and outstanding by who opened the job; collected and unconfirmed by who recorded the payment.
        </p>
        <FiguresTable
          label="Manager"
          rows={data.managers.map((row) => ({ key: row.managerId ?? '-', ...row }))}
          money={money}
        />
      </section>
      {data.sites.length > 1 ? (
        <section className="panel">
          <h2>By site</h2>
          <FiguresTable label="Site" rows={data.sites.map((row) => ({ key: row.siteId, ...row }))} money={money} />
        </section>
      ) : null}
    </>
  );
}

type FigureRow = OwnerDashboardView['managers'][number] & { key: string };

function FiguresTable(props: {
  label: string;
  rows: readonly Omit<FigureRow, 'managerId'>[];
  money: (minor: number) => string;
}) {
  const { money } = props;
  if (props.rows.length === 0) return <div className="empty">No jobs match these filters.</div>;
  const sorted = [...props.rows].sort((a, b) => b.revenueMinor - a.revenueMinor);
  return (
    <table className="table" data-testid={`figures-by-${props.label.toLowerCase()}`}>
      <thead>
        <tr>
          <th>{props.label}</th>
          <th className="num">Jobs</th>
          <th className="num">Revenue</th>
          <th className="num">Collected</th>
          <th className="num">Unconfirmed</th>
          <th className="num">Outstanding</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.key}>
            <td>{row.name}</td>
            <td className="num">{row.jobs}</td>
            <td className="num">{money(row.revenueMinor)}</td>
            <td className="num">{money(row.collectedMinor)}</td>
            <td className="num">{money(row.unconfirmedMinor)}</td>
            <td className="num">{money(row.outstandingMinor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
