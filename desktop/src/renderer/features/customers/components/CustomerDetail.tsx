import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { formatPhone } from '../../../../common/phone-format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { JobTable } from '../../jobs/components/JobTable.tsx';
import { CustomerForm } from './CustomerForm.tsx';

export function CustomerDetail(props: { id: string }) {
  const { nav, confirm } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { row: customer, loading } = useRow('customers', props.id);
  const vehicles = useRows('vehicles', { where: { customer_id: props.id }, orderBy: 'registration' }).rows;
  const jobs = useRows('jobs', { where: { customer_id: props.id }, orderBy: 'created_at', descending: true }).rows;
  const { siteName } = useReference();
  const [editing, setEditing] = useState(false);
  const { run } = useMutation();

  if (!customer)
    return (
      <section className="screen">
        {loading ? null : <p className="empty">This customer does not exist (any more).</p>}
      </section>
    );
  const name = text(customer.name);
  const remove = async () => {
    const answer = await confirm.getState().ask({
      title: `Delete ${name}?`,
      body: 'The customer disappears from every counter. Customers with open jobs cannot be deleted.',
      confirmLabel: 'Delete customer',
      danger: true,
    });
    if (answer.confirmed && (await run('customer.delete', { customerId: customer.id }, `${name} deleted.`))) {
      nav.getState().navigate({ name: 'customers' });
    }
  };

  return (
    <section className="screen">
      <header className="screen-head">
        <button type="button" className="button ghost" onClick={() => nav.getState().navigate({ name: 'customers' })}>
          ← Customers
        </button>
        <h1>{name}</h1>
        <div className="actions">
          {canRun(role, 'job.create') ? (
            <button
              type="button"
              className="button primary"
              onClick={() => nav.getState().navigate({ name: 'job-new', customerId: customer.id })}
            >
              New job
            </button>
          ) : null}
          {canRun(role, 'customer.update') && !editing ? (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {canRun(role, 'customer.delete') ? (
            <button type="button" className="button danger-outline" onClick={() => void remove()}>
              Delete…
            </button>
          ) : null}
        </div>
      </header>
      {editing ? (
        <div className="panel">
          <CustomerForm customer={customer} onDone={() => setEditing(false)} />
        </div>
      ) : (
        <dl className="facts panel">
          <dt>Mobile</dt>
          <dd className="mono">{formatPhone(customer.phone) || '—'}</dd>
          <dt>Email</dt>
          <dd>{text(customer.email) || '—'}</dd>
          <dt>Tax id</dt>
          <dd className="mono">{text(customer.tax_id) || '—'}</dd>
          <dt>Site</dt>
          <dd>{siteName(customer.site_id)}</dd>
          <dt>Address</dt>
          <dd className="pre">{text(customer.address) || '—'}</dd>
          <dt>Notes</dt>
          <dd className="pre">{text(customer.notes) || '—'}</dd>
        </dl>
      )}
      <div className="section-head">
        <h2>Vehicles</h2>
        {canRun(role, 'vehicle.create') ? (
          <button
            type="button"
            className="button small"
            onClick={() => nav.getState().navigate({ name: 'vehicle-new', customerId: customer.id })}
          >
            Add vehicle
          </button>
        ) : null}
      </div>
      {vehicles.length === 0 ? (
        <p className="muted">No vehicles recorded.</p>
      ) : (
        <ul className="chips">
          {vehicles.map((vehicle) => (
            <li key={vehicle.id}>
              <button
                type="button"
                className="chip"
                onClick={() => nav.getState().navigate({ name: 'vehicle', id: vehicle.id })}
              >
                <span className="plate">{text(vehicle.registration)}</span>{' '}
                {[text(vehicle.make), text(vehicle.model)].filter(Boolean).join(' ')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="section-head">
        <h2>Jobs</h2>
      </div>
      <JobTable jobs={jobs} emptyText="No jobs for this customer yet." />
    </section>
  );
}
