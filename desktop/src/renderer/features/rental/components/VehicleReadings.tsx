import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { carReadingHint, type CarReading, type CarReadings } from '../ev-readings.ts';
import { formatKm } from '../rental-format.ts';

export interface Readings {
  readonly km: string;
  /** Fuel in eighths of a tank (0–8), or battery charge in per cent for an EV. */
  readonly level: string;
}

const EIGHTHS = Array.from({ length: 9 }, (_, eighths) => eighths);

/** Odometer and fuel or charge, as read off the dashboard at pickup or return. */
export function VehicleReadings(props: {
  readings: Readings;
  electric: boolean;
  when: 'out' | 'in';
  minKm?: number | null;
  /** The car's recent readings (a linked EV); a field still holding one says so. */
  car?: CarReadings;
  onChange: (readings: Readings) => void;
}) {
  const { readings, electric, when } = props;
  const { locale } = useReference();
  const set = (patch: Partial<Readings>) => props.onChange({ ...readings, ...patch });
  const kmHint = [
    fromCar(props.car?.km ?? null, readings.km),
    props.minKm !== null && props.minKm !== undefined ? `At least ${formatKm(props.minKm, locale)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const chargeHint = fromCar(props.car?.charge ?? null, readings.level);
  return (
    <>
      <Field label={`Odometer ${when} (km)`} {...(kmHint ? { hint: kmHint } : {})}>
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            required
            pattern="[0-9 ,'’]*"
            value={readings.km}
            onChange={(e) => set({ km: e.target.value })}
          />
        )}
      </Field>
      {electric ? (
        <Field label={`Charge ${when} (%)`} {...(chargeHint ? { hint: chargeHint } : {})}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={0}
              max={100}
              required
              value={readings.level}
              onChange={(e) => set({ level: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <Field label={`Fuel ${when}`}>
          {(id) => (
            <select id={id} required value={readings.level} onChange={(e) => set({ level: e.target.value })}>
              <option value="">Choose…</option>
              {EIGHTHS.map((eighths) => (
                <option key={eighths} value={String(eighths)}>
                  {eighths === 8 ? 'Full' : eighths === 0 ? 'Empty' : `${eighths}/8`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}

/** The car's hint while the field still holds the car's value; none once the counter types. */
function fromCar(reading: CarReading | null, value: string): string | null {
  return reading && value === String(reading.value) ? carReadingHint(reading) : null;
}

/** "12'345 km" → 12345; throws with a sentence for the form. */
export function parseKm(value: string): number {
  const cleaned = value.replace(/[\s,'’]/g, '');
  if (!/^\d{1,7}$/.test(cleaned)) throw new RangeError('Enter the odometer in whole kilometres.');
  return Number(cleaned);
}

/** The fuel select (eighths) or the charge field (per cent) → the integer the contract keeps. */
export function parseLevel(value: string, electric: boolean): number {
  const level = Number(value);
  if (value === '' || !Number.isInteger(level))
    throw new RangeError(electric ? 'Enter the charge in per cent.' : 'Choose the fuel level.');
  if (level < 0 || level > (electric ? 100 : 8))
    throw new RangeError(electric ? 'The charge is 0 to 100 %.' : 'The fuel level is 0 to 8 eighths.');
  return level;
}
