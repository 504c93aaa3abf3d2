import { useState, type FormEvent } from 'react';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime, parseMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { messageOf, useRow } from '../../../lib/use-rows.ts';
import type { DamageMark } from '../damage-marks.ts';
import type { PictureFile } from '../image-bytes.ts';
import { storePhotos } from '../rental-blobs.ts';
import { previewReturnCharges } from '../rental-charges.ts';
import { formatKm } from '../rental-format.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { damagesOf, rentalTable } from '../rental-rows.ts';
import { ChargesTable } from './ChargesTable.tsx';
import { DamageComparison } from './DamageDiagram.tsx';
import { PhotoCapture } from './PhotoCapture.tsx';
import { StoredPhotos } from './StoredPhotos.tsx';
import { parseKm, parseLevel, VehicleReadings, type Readings } from './VehicleReadings.tsx';
import { carReadingsOf, prefillFromCar } from '../ev-readings.ts';

const orNull = <T,>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    return null; // a half-typed reading: no preview yet, the form says why on submit
  }
};

/**
 * Return: km and fuel in, new damages marked beside the ones noted at pickup, photos, and a
 * preview of the charges (extra km, refuelling, late return, damages) before it is recorded.
 */
export function ReturnScreen(props: { contractId: string }) {
  const api = useApi();
  const { nav, toasts, now } = useDeps();
  const { locale, currency } = useReference();
  const contract = useRow(rentalTable('contracts'), props.contractId).row;
  const vehicle = useRow(rentalTable('vehicles'), text(contract?.vehicle_id) || null).row;
  const [typedReadings, setReadings] = useState<Readings | null>(null);
  const [damages, setDamages] = useState<DamageMark[]>([]);
  const [damageCharge, setDamageCharge] = useState('');
  const [photos, setPhotos] = useState<PictureFile[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { run } = useMutation();

  if (!contract || !vehicle) return <section className="screen" aria-busy="true" />;
  const electric = text(vehicle.fuel_type) === 'ev';
  const car = carReadingsOf(vehicle, now());
  const readings = typedReadings ?? prefillFromCar({ km: '', level: '' }, car, electric);
  const kmOut = Number(contract.km_out);
  const preview = previewReturnCharges({
    contract,
    kmIn: orNull(() => parseKm(readings.km)),
    fuelIn: orNull(() => parseLevel(readings.level, electric)),
    damageChargesMinor: orNull(() => parseMoney(damageCharge, currency)) ?? 0,
    returnedAt: new Date(now()).toISOString(),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let figures: { kmIn: number; fuelIn: number; damageChargesMinor: number };
    try {
      figures = {
        kmIn: parseKm(readings.km),
        fuelIn: parseLevel(readings.level, electric),
        damageChargesMinor: parseMoney(damageCharge, currency) ?? 0,
      };
    } catch (error) {
      return setProblem(messageOf(error));
    }
    if (figures.kmIn < kmOut) return setProblem(`The odometer was ${formatKm(kmOut, locale)} at pickup.`);
    setProblem(null);
    setSaving(true);
    try {
      const photosIn = await storePhotos(api, photos);
      const result = await run(
        RENTAL_MUTATIONS.return,
        {
          contractId: contract.id,
          ...figures,
          damagesIn: damages.map(({ id, x, y, type, severity }) => ({ id, x, y, type, severity })),
          photosIn,
        },
        'Car returned.',
      );
      if (result) nav.getState().navigate({ name: 'contract', id: contract.id });
    } catch (error) {
      toasts.getState().show('error', messageOf(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="screen">
      <header className="screen-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => nav.getState().navigate({ name: 'contract', id: contract.id })}
        >
          ← Contract {text(contract.number)}
        </button>
        <h1>Return</h1>
        <span className="plate">{text(vehicle.plate)}</span>
        <span className="muted">Due back {formatDateTime(contract.due_at, locale)}</span>
      </header>
      <form className="rental-form" onSubmit={submit} aria-label="Return">
        <div className="panel form-grid">
          <h2 className="field-wide">Vehicle in</h2>
          <VehicleReadings
            readings={readings}
            electric={electric}
            when="in"
            minKm={kmOut}
            car={car}
            onChange={setReadings}
          />
          <Field label={`Damage charge (${currency})`} hint="For new damage the renter pays">
            {(id) => (
              <input
                id={id}
                inputMode="decimal"
                value={damageCharge}
                onChange={(e) => setDamageCharge(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="panel">
          <h2>Damages</h2>
          <DamageComparison pickup={damagesOf(contract.damages_out)} returned={damages} onChange={setDamages} />
        </div>
        <div className="panel photo-compare">
          <StoredPhotos label="Photos at pickup" shas={contract.photos_out} />
          <PhotoCapture label="Return photos" photos={photos} onChange={setPhotos} />
        </div>
        <div className="panel">
          <h2>Charges preview</h2>
          {preview ? (
            <ChargesTable
              testId="return-charges"
              lines={preview.lines}
              totalLabel="Total before the deposit"
              totalMinor={preview.totalMinor}
            />
          ) : (
            <p className="muted">Enter the odometer and the fuel to see the charges.</p>
          )}
        </div>
        {problem ? (
          <div className="form-error" role="alert">
            {problem}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            Record return
          </button>
        </div>
      </form>
    </section>
  );
}
