import { useState, type FormEvent } from 'react';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime, formatMoney, moneyInputValue, parseMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { messageOf, useRow } from '../../../lib/use-rows.ts';
import type { DamageMark } from '../damage-marks.ts';
import type { PictureFile } from '../image-bytes.ts';
import { storePhotos, storePictures } from '../rental-blobs.ts';
import { RENTAL_MUTATIONS, TERMS_VERSION } from '../rental-mutations.ts';
import { rentalTable } from '../rental-rows.ts';
import { AccessoryChoice } from './AccessoryChoice.tsx';
import { ChooseVehicle } from './ChooseVehicle.tsx';
import { DamageDiagram } from './DamageDiagram.tsx';
import { DepositFields, type DepositDraft } from './DepositFields.tsx';
import { PhotoCapture } from './PhotoCapture.tsx';
import { RenterWarnings } from './RenterWarnings.tsx';
import { SignaturePad } from './SignaturePad.tsx';
import { parseKm, parseLevel, VehicleReadings, type Readings } from './VehicleReadings.tsx';
import { carReadingsOf, prefillFromCar } from '../ev-readings.ts';

type Png = Uint8Array<ArrayBuffer>;

/**
 * Pickup: the reservation becomes a contract. The counter reads km and fuel, marks the damages
 * already on the car with photos, ticks the accessories handed over, takes the deposit and both
 * signatures. The contract number comes from this PC's series when the contract opens.
 */
export function PickupScreen(props: { reservationId: string }) {
  const api = useApi();
  const { nav, toasts, now } = useDeps();
  const { locale, currency } = useReference();
  const reservation = useRow(rentalTable('reservations'), props.reservationId).row;
  const [chosenVehicle, setChosenVehicle] = useState('');
  const vehicle = useRow(rentalTable('vehicles'), text(reservation?.vehicle_id) || chosenVehicle || null).row;
  const renter = useRow(rentalTable('renters'), text(reservation?.customer_id) || null).row;
  const [readings, setReadings] = useState<Readings | null>(null);
  const [extras, setExtras] = useState<string[] | null>(null);
  const [damages, setDamages] = useState<DamageMark[]>([]);
  const [photos, setPhotos] = useState<PictureFile[]>([]);
  const [deposit, setDeposit] = useState<DepositDraft | null>(null);
  const [insurance, setInsurance] = useState('Collision damage waiver');
  const [deductible, setDeductible] = useState('');
  const [signatures, setSignatures] = useState<{ renter: Png | null; staff: Png | null }>({
    renter: null,
    staff: null,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { run } = useMutation();

  if (reservation && !reservation.vehicle_id && !vehicle)
    return <ChooseVehicle reservation={reservation} onChoose={setChosenVehicle} />;
  if (!reservation || !vehicle) return <section className="screen" aria-busy="true" />;
  const electric = text(vehicle.fuel_type) === 'ev';
  const car = carReadingsOf(vehicle, now());
  const shownReadings =
    readings ??
    prefillFromCar(
      {
        km: String(vehicle.odometer_km ?? ''),
        level: typeof vehicle.fuel_level === 'number' ? String(vehicle.fuel_level) : '',
      },
      car,
      electric,
    );
  const shownExtras = extras ?? (Array.isArray(reservation.extras) ? reservation.extras.map(text) : []);
  const shownDeposit = deposit ?? {
    amount: moneyInputValue(typeof reservation.deposit_minor === 'number' ? reservation.deposit_minor : null, currency),
    method: 'card',
    reference: '',
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let figures: { kmOut: number; fuelOut: number; depositMinor: number; deductibleMinor: number };
    try {
      figures = {
        kmOut: parseKm(shownReadings.km),
        fuelOut: parseLevel(shownReadings.level, electric),
        depositMinor: parseMoney(shownDeposit.amount, currency) ?? 0,
        deductibleMinor: parseMoney(deductible, currency) ?? 0,
      };
    } catch (error) {
      return setProblem(messageOf(error));
    }
    if (!signatures.renter || !signatures.staff)
      return setProblem('Both the renter and the staff member sign the contract.');
    if (figures.depositMinor > 0 && shownDeposit.method === 'card' && !shownDeposit.reference.trim())
      return setProblem('A card deposit needs the terminal reference.');
    setProblem(null);
    setSaving(true);
    try {
      const photosOut = await storePhotos(api, photos);
      const [renterSignature, staffSignature] = await storePictures(api, [signatures.renter, signatures.staff]);
      const result = await run(
        RENTAL_MUTATIONS.pickup,
        {
          reservationId: reservation.id,
          customerId: text(reservation.customer_id),
          vehicleId: vehicle.id,
          dueAt: text(reservation.ends_at),
          kmOut: figures.kmOut,
          fuelOut: figures.fuelOut,
          damagesOut: damages.map(({ id, x, y, type, severity }) => ({ id, x, y, type, severity })),
          photosOut,
          extras: shownExtras,
          insurance: insurance.trim() || null,
          deductibleMinor: figures.deductibleMinor,
          depositMinor: figures.depositMinor,
          termsVersion: TERMS_VERSION,
          renterSignature,
          staffSignature,
        },
        'Contract opened: the car is on rent.',
      );
      const contractId = text(result?.contractId);
      if (!contractId) return;
      if (figures.depositMinor > 0) {
        await run(RENTAL_MUTATIONS.payment, {
          contractId,
          kind: 'deposit',
          method: shownDeposit.method,
          amountMinor: figures.depositMinor,
          reference: shownDeposit.reference.trim() || null,
        });
      }
      nav.getState().navigate({ name: 'contract', id: contractId });
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
          onClick={() => nav.getState().navigate({ name: 'reservation', id: reservation.id })}
        >
          ← Reservation {text(reservation.number)}
        </button>
        <h1>Pickup</h1>
        <span className="plate">{text(vehicle.plate)}</span>
        <span className="muted">
          {text(renter?.name)} · {formatDateTime(reservation.starts_at, locale)} →{' '}
          {formatDateTime(reservation.ends_at, locale)}
        </span>
      </header>
      {renter ? <RenterWarnings renter={renter} at="contract" booking={null} /> : null}
      <form className="rental-form" onSubmit={submit} aria-label="Pickup">
        <div className="panel form-grid">
          <h2 className="field-wide">Vehicle out</h2>
          <VehicleReadings
            readings={shownReadings}
            electric={electric}
            when="out"
            car={car}
            minKm={typeof vehicle.odometer_km === 'number' ? vehicle.odometer_km : null}
            onChange={setReadings}
          />
          <Field label="Insurance">
            {(id) => <input id={id} maxLength={80} value={insurance} onChange={(e) => setInsurance(e.target.value)} />}
          </Field>
          <Field label={`Deductible (${currency})`}>
            {(id) => (
              <input
                id={id}
                inputMode="decimal"
                required
                value={deductible}
                onChange={(e) => setDeductible(e.target.value)}
              />
            )}
          </Field>
          <DepositFields
            deposit={shownDeposit}
            quoted={formatMoney(
              typeof reservation.deposit_minor === 'number' ? reservation.deposit_minor : null,
              currency,
              locale,
            )}
            onChange={setDeposit}
          />
          <AccessoryChoice value={shownExtras} onChange={setExtras} />
        </div>
        <div className="panel rental-grid">
          <DamageDiagram label="Damages at pickup" marks={damages} onChange={setDamages} />
          <PhotoCapture label="Pickup photos" photos={photos} onChange={setPhotos} />
        </div>
        <div className="panel">
          <div className="signatures">
            <SignaturePad
              label="Renter's signature"
              onChange={(png) => setSignatures((old) => ({ ...old, renter: png }))}
            />
            <SignaturePad
              label="Staff signature"
              onChange={(png) => setSignatures((old) => ({ ...old, staff: png }))}
            />
          </div>
          <p className="muted small">
            The renter accepts the rental terms {TERMS_VERSION} and the condition of the car shown above.
          </p>
        </div>
        {problem ? (
          <div className="form-error" role="alert">
            {problem}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            Open contract
          </button>
        </div>
      </form>
    </section>
  );
}
