import type { FigureFilters } from '../../../app/navigation.ts';
import { useDeps, useSession } from '../../../app/context.tsx';
import { ExportButtons } from '../../exports/components/ExportButtons.tsx';
import { routeFiltersOf, useDashboardFilters } from '../figure-filters.ts';
import '../dashboard.css';
import { FilterBar } from './FilterBar.tsx';
import { ManagerDashboard } from './ManagerDashboard.tsx';
import { OwnerDashboard } from './OwnerDashboard.tsx';

/** The owner's dashboard, or a manager's own figures; the filters live in the URL. */
export function DashboardScreen(props: { filters: FigureFilters | undefined }) {
  const { nav } = useDeps();
  const role = useSession((state) => state.user?.role);
  const filters = useDashboardFilters(props.filters);
  const owner = role === 'owner';
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>{owner ? 'Dashboard' : 'My figures'}</h1>
        {owner || role === 'manager' ? <ExportButtons filters={filters} /> : null}
      </header>
      <FilterBar
        filters={filters}
        onChange={(next) => nav.getState().navigate({ name: 'dashboard', filters: routeFiltersOf(next) })}
      />
      {owner ? <OwnerDashboard filters={filters} /> : <ManagerDashboard filters={filters} />}
    </section>
  );
}
