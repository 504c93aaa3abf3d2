import { useMemo } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { formatDate, formatMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** Jobs as the counter scans them: number, who, which vehicle, where it stands, what it costs. */
export function JobTable(props: { jobs: readonly Row[]; emptyText: string; limit?: number }) {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const { locale, siteName } = useReference();
  const customers = useRows('customers', { where: scope.where }).rows;
  const vehicles = useRows('vehicles', { where: scope.where }).rows;
  const names = useMemo(() => new Map(customers.map((row) => [row.id, text(row.name)])), [customers]);
  const plates = useMemo(() => new Map(vehicles.map((row) => [row.id, text(row.registration)])), [vehicles]);
  const open = (id: string) => nav.getState().navigate({ name: 'job', id });
  const shown = props.limit ? props.jobs.slice(0, props.limit) : props.jobs;

  if (props.jobs.length === 0) return <p className="empty">{props.emptyText}</p>;
  return (
    <table className="table" data-testid="job-table">
      <thead>
        <tr>
          <th>Job no.</th>
          <th>Customer</th>
          <th>Vehicle</th>
          <th>Status</th>
          <th>Concern</th>
          {scope.allSites ? <th>Site</th> : null}
          <th>Promised</th>
          <th className="num">Estimate</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((job) => (
          <tr
            key={job.id}
            className="clickable"
            tabIndex={0}
            onClick={() => open(job.id)}
            onKeyDown={(e) => e.key === 'Enter' && open(job.id)}
          >
            <td className="mono strong nowrap">{text(job.number)}</td>
            <td className="nowrap">{names.get(text(job.customer_id)) ?? '—'}</td>
            <td>
              <span className="plate">{plates.get(text(job.vehicle_id)) ?? ''}</span>
            </td>
            <td>
              <StatusBadge status={job.status} />
            </td>
            <td className="truncate">{text(job.concern)}</td>
            {scope.allSites ? <td className="nowrap">{siteName(job.site_id)}</td> : null}
            <td className="nowrap">{job.promised_at ? formatDate(job.promised_at, locale) : ''}</td>
            <td className="num nowrap">
              {typeof job.estimate_minor === 'number'
                ? formatMoney(job.estimate_minor, text(job.currency), locale)
                : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
