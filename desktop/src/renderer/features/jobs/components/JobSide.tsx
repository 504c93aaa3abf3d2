import type { Row } from '@forecourt/shared/schema/tables';
import { formatPhone } from '../../../../common/phone-format.ts';
import { useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { JobBalanceSide } from '../../payments/components/BalanceFacts.tsx';

/** Beside the job card: who brought it, which vehicle, and the figures at a glance. */
export function JobSide(props: { job: Row }) {
  const { job } = props;
  const { nav } = useDeps();
  const { row: customer } = useRow('customers', text(job.customer_id));
  const { row: vehicle } = useRow('vehicles', text(job.vehicle_id) || null);
  const { locale, siteName } = useReference();
  const currency = text(job.currency) || 'INR';
  return (
    <aside className="job-side">
      <div className="panel">
        <h3>Customer</h3>
        {customer ? (
          <>
            <button
              type="button"
              className="link strong"
              onClick={() => nav.getState().navigate({ name: 'customer', id: customer.id })}
            >
              {text(customer.name)}
            </button>
            <div className="mono">{formatPhone(customer.phone)}</div>
            <div className="muted">{text(customer.email)}</div>
          </>
        ) : (
          <div className="muted">—</div>
        )}
      </div>
      <div className="panel">
        <h3>Vehicle</h3>
        {vehicle ? (
          <>
            <button
              type="button"
              className="link plate"
              onClick={() => nav.getState().navigate({ name: 'vehicle', id: vehicle.id })}
            >
              {text(vehicle.registration)}
            </button>
            <div>{[text(vehicle.make), text(vehicle.model), text(vehicle.year)].filter(Boolean).join(' ')}</div>
          </>
        ) : (
          <div className="muted">No vehicle on this job</div>
        )}
      </div>
      <dl className="panel facts compact">
        <dt>Estimate</dt>
        <dd>{formatMoney(typeof job.estimate_minor === 'number' ? job.estimate_minor : null, currency, locale)}</dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(job.created_at, locale)}</dd>
        <dt>Site</dt>
        <dd>{siteName(job.site_id)}</dd>
      </dl>
      <JobBalanceSide job={job} />
    </aside>
  );
}
