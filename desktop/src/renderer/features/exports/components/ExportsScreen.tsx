import type { FigureFilters } from '../../../app/navigation.ts';
import { useDeps } from '../../../app/context.tsx';
import { FilterBar } from '../../dashboard/components/FilterBar.tsx';
import { routeFiltersOf, useDashboardFilters } from '../../dashboard/figure-filters.ts';
import '../../dashboard/dashboard.css';
import { EXPORTS, useExport } from './ExportButtons.tsx';

/** Excel exports of jobs, payments and settlements with the dashboard's filters. */
export function ExportsScreen(props: { filters: FigureFilters | undefined }) {
  const { nav } = useDeps();
  const filters = useDashboardFilters(props.filters);
  const { run, busy, error } = useExport(filters);
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Exports</h1>
        <button
          type="button"
          className="button push-right"
          onClick={() => nav.getState().navigate({ name: 'dashboard', filters: routeFiltersOf(filters) })}
        >
          Dashboard with these filters
        </button>
      </header>
      <FilterBar
        filters={filters}
        onChange={(next) => nav.getState().navigate({ name: 'exports', filters: routeFiltersOf(next) })}
      />
      {error ? <div className="form-error">{error}</div> : null}
      <div className="export-list">
        {EXPORTS.map((item) => (
          <div key={item.kind} className="panel export-item">
            <div>
              <h2>{item.label}</h2>
              <p className="muted">{item.detail}</p>
            </div>
            <button
              type="button"
              className="button primary"
              disabled={busy !== null}
              onClick={() => void run(item.kind)}
            >
              {busy === item.kind ? 'Exporting…' : `Export ${item.label.toLowerCase()} to Excel`}
            </button>
          </div>
        ))}
      </div>
      <p className="muted small">
        Built on this PC from its copy of the data, so exports work offline; payments and settlements are filtered by
        when they were recorded, jobs by when they were opened.
      </p>
    </section>
  );
}
