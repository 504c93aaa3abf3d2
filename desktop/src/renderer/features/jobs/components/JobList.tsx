import { useDeps, useSession } from '../../../app/context.tsx';
import type { JobFilter } from '../../../app/navigation.ts';
import { useSiteScope } from '../../../app/reference.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { JobTable } from './JobTable.tsx';

const FILTERS: ReadonlyArray<{ id: JobFilter; label: string }> = [
  { id: 'open', label: 'Open' },
  { id: 'ready', label: 'Ready for pickup' },
  { id: 'all', label: 'All' },
];
const SHOWN = 300;

export function JobList(props: { filter: JobFilter }) {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const role = useSession((state) => state.user?.role);
  const { rows, loading } = useRows('jobs', { where: scope.where, orderBy: 'created_at', descending: true });
  const matches = {
    open: rows.filter((job) => job.status !== 'delivered' && job.status !== 'cancelled'),
    ready: rows.filter((job) => job.status === 'ready'),
    all: rows,
  };
  const shown = matches[props.filter];

  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Jobs</h1>
        <div className="segmented" role="tablist" aria-label="Which jobs">
          {FILTERS.map((filter) => (
            <button
              key={filter.id}
              type="button"
              role="tab"
              aria-selected={props.filter === filter.id}
              onClick={() => nav.getState().navigate({ name: 'jobs', filter: filter.id })}
            >
              {filter.label} <span className="count">{matches[filter.id].length}</span>
            </button>
          ))}
        </div>
        {canRun(role, 'job.create') ? (
          <button type="button" className="button primary" onClick={() => nav.getState().navigate({ name: 'job-new' })}>
            New job <kbd className="kbd">Alt+N</kbd>
          </button>
        ) : null}
      </header>
      {loading ? null : (
        <JobTable
          jobs={shown}
          limit={SHOWN}
          emptyText={
            props.filter === 'ready' ? 'No job is waiting for pickup.' : 'No jobs here yet. Press Alt+N to open one.'
          }
        />
      )}
      {shown.length > SHOWN ? (
        <p className="muted small">
          Showing the newest {SHOWN} of {shown.length}. Use the search (Ctrl+K) to find older jobs.
        </p>
      ) : null}
    </section>
  );
}
