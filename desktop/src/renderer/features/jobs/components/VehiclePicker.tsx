import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';

export type VehicleChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'existing'; readonly id: string }
  | { readonly kind: 'new'; readonly registration: string; readonly make: string; readonly model: string };

/** The customer's vehicles as buttons, or a new registration; a job may also have no vehicle. */
export function VehiclePicker(props: {
  value: VehicleChoice;
  onChange: (choice: VehicleChoice) => void;
  customerId: string | null;
}) {
  const vehicles = useRows(
    'vehicles',
    { where: { customer_id: props.customerId ?? '' } },
    props.customerId !== null,
  ).rows;
  const value = props.value;
  return (
    <div className="picker">
      <div className="picked-label">Vehicle</div>
      <div className="chips" role="radiogroup" aria-label="Vehicle">
        {props.customerId
          ? vehicles.map((vehicle) => (
              <button
                key={vehicle.id}
                type="button"
                role="radio"
                aria-checked={value.kind === 'existing' && value.id === vehicle.id}
                className="chip"
                onClick={() => props.onChange({ kind: 'existing', id: vehicle.id })}
              >
                <span className="plate">{text(vehicle.registration)}</span>{' '}
                {[text(vehicle.make), text(vehicle.model)].filter(Boolean).join(' ')}
              </button>
            ))
          : null}
        <button
          type="button"
          role="radio"
          aria-checked={value.kind === 'new'}
          className="chip"
          onClick={() => props.onChange({ kind: 'new', registration: '', make: '', model: '' })}
        >
          + New vehicle
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={value.kind === 'none'}
          className="chip"
          onClick={() => props.onChange({ kind: 'none' })}
        >
          No vehicle
        </button>
      </div>
      {value.kind === 'new' ? (
        <div className="form-grid">
          <Field label="Registration no.">
            {(id) => (
              <input
                id={id}
                required
                maxLength={20}
                className="mono upper"
                value={value.registration}
                onChange={(e) => props.onChange({ ...value, registration: e.target.value })}
              />
            )}
          </Field>
          <Field label="Make">
            {(id) => (
              <input
                id={id}
                maxLength={60}
                value={value.make}
                onChange={(e) => props.onChange({ ...value, make: e.target.value })}
              />
            )}
          </Field>
          <Field label="Model">
            {(id) => (
              <input
                id={id}
                maxLength={60}
                value={value.model}
                onChange={(e) => props.onChange({ ...value, model: e.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
    </div>
  );
}
