import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { JobTable } from '../../jobs/components/JobTable.tsx';
import { VehicleForm } from './VehicleForm.tsx';

export function VehicleDetail(props: { id: string }) {
  const { nav } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { row: vehicle, loading } = useRow('vehicles', props.id);
  const { row: owner } = useRow('customers', vehicle ? text(vehicle.customer_id) : null);
  const jobs = useRows('jobs', { where: { vehicle_id: props.id }, orderBy: 'created_at', descending: true }).rows;
  const [editing, setEditing] = useState(false);

  if (!vehicle)
    return (
      <section className="screen">
        {loading ? null : <p className="empty">This vehicle does not exist on this PC.</p>}
      </section>
    );
  return (
    <section className="screen">
      <header className="screen-head">
        <button type="button" className="button ghost" onClick={() => nav.getState().navigate({ name: 'vehicles' })}>
          ← Vehicles
        </button>
        <h1>
          <span className="plate plate-large">{text(vehicle.registration)}</span>
        </h1>
        <div className="actions">
          {canRun(role, 'job.create') && owner ? (
            <button
              type="button"
              className="button primary"
              onClick={() => nav.getState().navigate({ name: 'job-new', customerId: owner.id, vehicleId: vehicle.id })}
            >
              New job
            </button>
          ) : null}
          {canRun(role, 'vehicle.update') && !editing ? (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
        </div>
      </header>
      {editing ? (
        <div className="panel">
          <VehicleForm vehicle={vehicle} onDone={() => setEditing(false)} />
        </div>
      ) : (
        <dl className="facts panel">
          <dt>Make and model</dt>
          <dd>{[text(vehicle.make), text(vehicle.model)].filter(Boolean).join(' ') || '—'}</dd>
          <dt>Year</dt>
          <dd>{text(vehicle.year) || '—'}</dd>
          <dt>VIN</dt>
          <dd className="mono">{text(vehicle.vin) || '—'}</dd>
          <dt>Owner</dt>
          <dd>
            {owner ? (
              <button
                type="button"
                className="link"
                onClick={() => nav.getState().navigate({ name: 'customer', id: owner.id })}
              >
                {text(owner.name)}
              </button>
            ) : (
              '—'
            )}
          </dd>
        </dl>
      )}
      <div className="section-head">
        <h2>Jobs</h2>
      </div>
      <JobTable jobs={jobs} emptyText="No jobs for this vehicle yet." />
    </section>
  );
}
