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
  const owner = useSession((state) => state.user?.role) === 'owner';
  const set = (change: Partial<DashboardFilters>) => onChange({ ...filters, ...change });
  return (
    <div className="panel figure-filters" role="group" aria-label="Filters">
      <SiteFilter value={filters.siteId ?? null} onChange={(siteId) => set({ siteId })} />
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
      {owner ? <ManagerFilter value={filters.managerId ?? null} onChange={(managerId) => set({ managerId })} /> : null}
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

/** Every site for an owner; for anyone else their own sites, "all" meaning all of theirs. */
function SiteFilter(props: { value: string | null; onChange: (siteId: string | null) => void }) {
  const user = useSession((state) => state.user);
  const { sites } = useReference();
  const owner = user?.role === 'owner';
  const choices = owner ? sites : sites.filter((site) => user?.siteIds.includes(site.id));
  return (
    <Field label="Site">
      {(id) => (
        <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)}>
          <option value="">{owner ? 'All sites' : 'All my sites'}</option>
          {choices.map((site) => (
            <option key={site.id} value={site.id}>
              {text(site.name)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Who opened the jobs: everyone who can (viewers cannot). */
function ManagerFilter(props: { value: string | null; onChange: (managerId: string | null) => void }) {
  const users = useRows('users', { orderBy: 'name' }).rows;
  return (
    <Field label="Manager">
      {(id) => (
        <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)}>
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
  );
}
