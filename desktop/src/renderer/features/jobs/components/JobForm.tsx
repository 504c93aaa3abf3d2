import { useState, type FormEvent } from 'react';
import { useDeps } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { SitePicker } from '../../../app/SitePicker.tsx';
import { useCountry } from '../../../app/useCountry.ts';
import { text } from '../../../lib/format.ts';
import { toE164 } from '../../../lib/phone.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { CustomerPicker, type CustomerChoice } from './CustomerPicker.tsx';
import { EMPTY_DRAFT, jobFieldsOf, type JobDraft } from './job-draft.ts';
import { JobFields } from './JobFields.tsx';
import { VehiclePicker, type VehicleChoice } from './VehiclePicker.tsx';

/**
 * A new job card in one form: pick or add the customer, pick or add the vehicle, write down the
 * concern. Each part is its own mutation (customer, vehicle, job), all applied locally at once.
 */
export function JobForm(props: { customerId?: string; vehicleId?: string }) {
  const { nav, toasts } = useDeps();
  const scope = useSiteScope();
  const country = useCountry();
  const { currency } = useReference();
  const { row: presetVehicle } = useRow('vehicles', props.vehicleId);
  const [siteId, setSiteId] = useState<string | null>(scope.siteForNew);
  const [customer, setCustomer] = useState<CustomerChoice>(
    props.customerId ? { kind: 'existing', id: props.customerId } : { kind: 'none' },
  );
  const [vehicle, setVehicle] = useState<VehicleChoice>(
    props.vehicleId ? { kind: 'existing', id: props.vehicleId } : { kind: 'none' },
  );
  const [draft, setDraft] = useState<JobDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const { run, busy } = useMutation();
  const site = siteId ? { siteId } : {};

  const customerIdFor = async (): Promise<string | null> => {
    if (customer.kind === 'existing') return customer.id;
    if (customer.kind === 'none') throw new RangeError('Choose the customer, or add a new one');
    const phone = toE164(customer.phone, country);
    const created = await run('customer.create', { ...site, name: customer.name.trim(), phone });
    return created ? text(created.customerId) : null;
  };
  const vehicleIdFor = async (customerId: string): Promise<string | null | undefined> => {
    if (vehicle.kind === 'existing') return vehicle.id;
    if (vehicle.kind === 'none') return undefined;
    const created = await run('vehicle.create', {
      ...site,
      customerId,
      registration: vehicle.registration,
      make: vehicle.make.trim() || null,
      model: vehicle.model.trim() || null,
    });
    return created ? text(created.vehicleId) : null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const fields = jobFieldsOf(draft, currency);
      setError(null);
      const customerId = await customerIdFor();
      if (!customerId) return;
      const vehicleId = await vehicleIdFor(customerId);
      if (vehicleId === null) return;
      const created = await run('job.create', {
        ...site,
        customerId,
        ...(vehicleId ? { vehicleId } : {}),
        ...withoutEmpty(fields),
      });
      if (created) {
        nav.getState().navigate({ name: 'job', id: text(created.jobId) });
        toasts.getState().show('success', `Job ${text(created.number)} opened.`);
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  const chosenCustomer =
    customer.kind === 'existing' ? customer.id : presetVehicle ? text(presetVehicle.customer_id) : null;
  return (
    <section className="screen">
      <header className="screen-head">
        <button type="button" className="button ghost" onClick={() => nav.getState().navigate({ name: 'jobs' })}>
          ← Jobs
        </button>
        <h1>New job</h1>
      </header>
      <form className="panel new-job" onSubmit={submit} aria-label="New job">
        {scope.allSites ? <SitePicker value={siteId} onChange={setSiteId} /> : null}
        <CustomerPicker
          value={customer}
          onChange={(next) => {
            setCustomer(next);
            setVehicle({ kind: 'none' });
          }}
          siteId={siteId}
        />
        <VehiclePicker value={vehicle} onChange={setVehicle} customerId={chosenCustomer} />
        <JobFields draft={draft} onChange={setDraft} currency={currency} />
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => nav.getState().navigate({ name: 'jobs' })}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || (scope.allSites && !siteId)}>
            Open job
          </button>
        </div>
      </form>
    </section>
  );
}

function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}
