import { JOB_STATUSES, isJobStatus } from '@forecourt/shared/domain/jobs/status';
import type { DashboardFilters } from '../../../../common/analytics-schemas.ts';
import { useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { STATUS_LABELS, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';

/**
 * Site (or all sites), a range of days, a job status and a manager: the dashboard's filters, used
 * by the exports too. Owners choose any site and manager; a manager only among their own sites
 * (the core holds them to their own figures whatever is asked).
 */
export function FilterBar(props: { filters: DashboardFilters; onChange: (next: DashboardFilters) => void }) {
  const { filters, onChange } = props;
  const user = useSession((state) => state.user);
  const { sites } = useReference();
  const users = useRows('users', { orderBy: 'name' }).rows;
  const owner = user?.role === 'owner';
  const siteChoices = owner ? sites : sites.filter((site) => user?.siteIds.includes(site.id));
  const set = (change: Partial<DashboardFilters>) => onChange({ ...filters, ...change });
  return (
    <div className="panel figure-filters" role="group" aria-label="Filters">
      <Field label="Site">
        {(id) => (
          <select id={id} value={filters.siteId ?? ''} onChange={(e) => set({ siteId: e.target.value || null })}>
            <option value="">{owner ? 'All sites' : 'All my sites'}</option>
            {siteChoices.map((site) => (
              <option key={site.id} value={site.id}>
                {text(site.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="From">
        {(id) => (
          <input
            id={id}
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.target.value || null })}
          />
        )}
      </Field>
      <Field label="To">
        {(id) => (
          <input id={id} type="date" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || null })} />
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <select
            id={id}
            value={filters.status ?? ''}
            onChange={(e) => set({ status: isJobStatus(e.target.value) ? e.target.value : null })}
          >
            <option value="">Every status</option>
            {JOB_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {owner ? (
        <Field label="Manager">
          {(id) => (
            <select
              id={id}
              value={filters.managerId ?? ''}
              onChange={(e) => set({ managerId: e.target.value || null })}
            >
              <option value="">Everyone</option>
              {users
                .filter((row) => row.role !== 'viewer')
                .map((row) => (
                  <option key={row.id} value={row.id}>
                    {text(row.name)}
                  </option>
                ))}
            </select>
          )}
        </Field>
      ) : null}
      <button
        type="button"
        className="button align-end"
        disabled={!filters.from && !filters.to && !filters.status && !filters.managerId}
        onClick={() => set({ from: null, to: null, status: null, managerId: null })}
      >
        Clear
      </button>
    </div>
  );
}
