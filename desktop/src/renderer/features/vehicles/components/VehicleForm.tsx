import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useRows } from '../../../lib/use-rows.ts';
import { useSiteScope } from '../../../app/reference.ts';
import { SitePicker } from '../../../app/SitePicker.tsx';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';

interface Draft {
  registration: string;
  make: string;
  model: string;
  year: string;
  vin: string;
  customerId: string;
}

const draftOf = (row: Row | null, customerId: string | undefined): Draft => ({
  registration: text(row?.registration),
  make: text(row?.make),
  model: text(row?.model),
  year: typeof row?.year === 'number' ? String(row.year) : '',
  vin: text(row?.vin),
  customerId: text(row?.customer_id) || customerId || '',
});

/** Register or edit a vehicle; edits send only the fields that changed. */
export function VehicleForm(props: {
  vehicle: Row | null;
  customerId?: string;
  onDone: (vehicleId: string | null) => void;
}) {
  const scope = useSiteScope();
  const [siteId, setSiteId] = useState<string | null>(scope.siteForNew);
  const customers = useRows('customers', { where: siteId ? { site_id: siteId } : scope.where, orderBy: 'name' }).rows;
  const original = draftOf(props.vehicle, props.customerId);
  const [draft, setDraft] = useState<Draft>(original);
  const [error, setError] = useState<string | null>(null);
  const { run, busy } = useMutation();
  const edit = (key: keyof Draft) => (value: string) => setDraft((old) => ({ ...old, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const year = draft.year.trim() === '' ? null : Number(draft.year);
    if (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2100))
      return setError('Enter the year like 2019');
    setError(null);
    const values: Record<keyof Draft, unknown> = {
      registration: draft.registration.trim(),
      make: draft.make.trim() || null,
      model: draft.model.trim() || null,
      year,
      vin: draft.vin.trim().toUpperCase() || null,
      customerId: draft.customerId || null,
    };
    if (!props.vehicle) {
      const result = await run(
        'vehicle.create',
        { ...(siteId ? { siteId } : {}), ...values },
        `Vehicle ${draft.registration.toUpperCase()} added.`,
      );
      if (result) props.onDone(text(result.vehicleId));
      return;
    }
    const changed = Object.fromEntries(
      Object.entries(values).filter(([key]) => draft[key as keyof Draft] !== original[key as keyof Draft]), // keys of values are Draft keys
    );
    if (Object.keys(changed).length === 0) return props.onDone(props.vehicle.id);
    if (await run('vehicle.update', { vehicleId: props.vehicle.id, ...changed }, 'Vehicle saved.'))
      props.onDone(props.vehicle.id);
  };

  return (
    <form className="form-grid" onSubmit={submit} aria-label={props.vehicle ? 'Edit vehicle' : 'New vehicle'}>
      {!props.vehicle && scope.allSites ? <SitePicker value={siteId} onChange={setSiteId} /> : null}
      <Field label="Registration no.">
        {(id) => (
          <input
            id={id}
            required
            autoFocus
            maxLength={20}
            className="mono upper"
            value={draft.registration}
            onChange={(e) => edit('registration')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Owner">
        {(id) => (
          <select id={id} value={draft.customerId} onChange={(e) => edit('customerId')(e.target.value)}>
            <option value="">No owner recorded</option>
            {customers.map((row) => (
              <option key={row.id} value={row.id}>
                {text(row.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Make">
        {(id) => <input id={id} maxLength={60} value={draft.make} onChange={(e) => edit('make')(e.target.value)} />}
      </Field>
      <Field label="Model">
        {(id) => <input id={id} maxLength={60} value={draft.model} onChange={(e) => edit('model')(e.target.value)} />}
      </Field>
      <Field label="Year" error={error}>
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            maxLength={4}
            value={draft.year}
            onChange={(e) => edit('year')(e.target.value)}
          />
        )}
      </Field>
      <Field label="VIN">
        {(id) => (
          <input
            id={id}
            maxLength={17}
            className="mono upper"
            value={draft.vin}
            onChange={(e) => edit('vin')(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => props.onDone(props.vehicle?.id ?? null)}>
          Cancel
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={busy || (!props.vehicle && scope.allSites && !siteId)}
        >
          {props.vehicle ? 'Save vehicle' : 'Add vehicle'}
        </button>
      </div>
    </form>
  );
}
