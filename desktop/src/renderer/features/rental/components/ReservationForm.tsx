import { useMemo, useState, type FormEvent } from 'react';
import { useDeps, useSync } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { parseMoney, text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { messageOf, useRow, useRows } from '../../../lib/use-rows.ts';
import { freeVehicles } from '../calendar-layout.ts';
import { quoteOf } from '../rental-charges.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { rentalTable } from '../rental-rows.ts';
import { addSiteDays, siteDateString, siteDateTimeToMs } from '../site-time.ts';
import { useBookings, useFleet } from '../use-rental-data.ts';
import { AccessoryChoice } from './AccessoryChoice.tsx';
import { ChargesTable } from './ChargesTable.tsx';
import { RenterWarnings } from './RenterWarnings.tsx';

interface Draft {
  renterId: string;
  classId: string;
  vehicleId: string;
  fromDate: string;
  fromTime: string;
  toDate: string;
  toTime: string;
  returnSiteId: string;
  deposit: string;
  extras: string[];
}

/**
 * A new reservation: renter, class and car, the period and the return site, extras. The form
 * shows which cars are free and the quote, with the domain's own functions; the mutation decides.
 * Offline the counter keeps the reservation tentative until the server has confirmed it.
 */
export function ReservationForm(props: { vehicleId?: string; renterId?: string }) {
  const { nav, now } = useDeps();
  const { locale, currency, sites } = useReference();
  const scope = useSiteScope();
  const online = useSync((state) => state.status?.online ?? false);
  const renters = useRows(rentalTable('renters'), { orderBy: 'name' }).rows.filter((row) => !row.erased_at);
  const classes = useRows(rentalTable('classes'), { orderBy: 'name' }).rows.filter(
    (row) => row.active && !row.deleted_at,
  );
  const accessories = useRows(rentalTable('accessories')).rows;
  const { vehicles } = useFleet();
  const bookings = useBookings();
  const tomorrow = addSiteDays(now(), 1, locale.timeZone);
  const preset = vehicles.find((vehicle) => vehicle.id === props.vehicleId);
  const [draft, setDraft] = useState<Draft>(() => ({
    renterId: props.renterId ?? '',
    classId: '',
    vehicleId: props.vehicleId ?? '',
    fromDate: siteDateString(tomorrow, locale.timeZone),
    fromTime: '09:00',
    toDate: siteDateString(addSiteDays(tomorrow, 3, locale.timeZone), locale.timeZone),
    toTime: '09:00',
    returnSiteId: scope.siteForNew ?? '',
    deposit: '',
    extras: [],
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const { run, busy } = useMutation();
  const classId = draft.classId || preset?.classId || '';
  const renter = useRow(rentalTable('renters'), draft.renterId || null).row;
  const rentalClass = classes.find((row) => row.id === classId) ?? null;
  const vehicleRow = useRow(rentalTable('vehicles'), draft.vehicleId || null).row;
  const set = (patch: Partial<Draft>) => setDraft((old) => ({ ...old, ...patch }));

  const period = useMemo(() => {
    try {
      const startMs = siteDateTimeToMs(draft.fromDate, draft.fromTime, locale.timeZone);
      const endMs = siteDateTimeToMs(draft.toDate, draft.toTime, locale.timeZone);
      return endMs > startMs
        ? { startMs, endMs, startsAt: new Date(startMs).toISOString(), endsAt: new Date(endMs).toISOString() }
        : null;
    } catch {
      return null; // an unfinished date field: no period yet, the form says so below
    }
  }, [draft.fromDate, draft.fromTime, draft.toDate, draft.toTime, locale.timeZone]);
  const classVehicles = vehicles.filter((vehicle) => vehicle.classId === classId);
  const className = rentalClass ? text(rentalClass.name) : '';
  const free = useMemo(
    () =>
      new Set(
        period && className
          ? freeVehicles(classVehicles, bookings, className, period).map((vehicle) => vehicle.id)
          : [],
      ),
    [classVehicles, bookings, className, period],
  );
  const quote =
    period && rentalClass
      ? quoteOf({
          rentalClass,
          vehicle: vehicleRow,
          accessories,
          extras: draft.extras,
          startsAt: period.startsAt,
          endsAt: period.endsAt,
        })
      : null;
  const booking =
    rentalClass && period
      ? { rentalClass, pickupDate: period.startsAt.slice(0, 10), returnDate: period.endsAt.slice(0, 10) }
      : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!period) return setProblem('The return must be after the pickup.');
    let depositMinor: number | null;
    try {
      depositMinor = parseMoney(draft.deposit, currency);
    } catch (error) {
      return setProblem(messageOf(error));
    }
    setProblem(null);
    const result = await run(
      RENTAL_MUTATIONS.reserve,
      {
        ...(scope.siteForNew ? { siteId: scope.siteForNew } : {}),
        customerId: draft.renterId,
        classId,
        vehicleId: draft.vehicleId || null,
        startsAt: period.startsAt,
        endsAt: period.endsAt,
        ...(draft.returnSiteId ? { returnSiteId: draft.returnSiteId } : {}),
        extras: draft.extras,
        ...(depositMinor !== null ? { depositMinor } : {}),
        madeOffline: !online,
      },
      online ? 'Reservation made.' : 'Reservation kept as tentative until this PC is back online.',
    );
    const reservationId = text(result?.reservationId);
    if (reservationId) nav.getState().navigate({ name: 'reservation', id: reservationId });
  };

  return (
    <section className="screen">
      <header className="screen-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => nav.getState().navigate({ name: 'rental', tab: 'reservations' })}
        >
          ← Reservations
        </button>
        <h1>New reservation</h1>
        {!online ? <span className="tag warn">Offline: it stays tentative until the server confirms it</span> : null}
      </header>
      {renter ? <RenterWarnings renter={renter} at="reservation" booking={booking} /> : null}
      <form className="panel form-grid" onSubmit={submit} aria-label="New reservation">
        <Field label="Renter" hint="Not listed? Add the renter first.">
          {(id) => (
            <select id={id} required value={draft.renterId} onChange={(e) => set({ renterId: e.target.value })}>
              <option value="">Choose a renter…</option>
              {renters.map((row) => (
                <option key={row.id} value={row.id}>
                  {text(row.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Pickup date">
          {(id) => (
            <input
              id={id}
              type="date"
              required
              value={draft.fromDate}
              onChange={(e) => set({ fromDate: e.target.value })}
            />
          )}
        </Field>
        <Field label="Pickup time">
          {(id) => (
            <input
              id={id}
              type="time"
              required
              value={draft.fromTime}
              onChange={(e) => set({ fromTime: e.target.value })}
            />
          )}
        </Field>
        <Field label="Return date">
          {(id) => (
            <input
              id={id}
              type="date"
              required
              value={draft.toDate}
              onChange={(e) => set({ toDate: e.target.value })}
            />
          )}
        </Field>
        <Field label="Return time">
          {(id) => (
            <input
              id={id}
              type="time"
              required
              value={draft.toTime}
              onChange={(e) => set({ toTime: e.target.value })}
            />
          )}
        </Field>
        <Field label="Return site" hint="Another site makes it a one-way rental">
          {(id) => (
            <select id={id} value={draft.returnSiteId} onChange={(e) => set({ returnSiteId: e.target.value })}>
              {sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {text(site.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Class">
          {(id) => (
            <select id={id} required value={classId} onChange={(e) => set({ classId: e.target.value, vehicleId: '' })}>
              <option value="">Choose a class…</option>
              {classes.map((row) => (
                <option key={row.id} value={row.id}>
                  {text(row.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Vehicle"
          hint={period && classId ? `${free.size} of ${classVehicles.length} free for the period` : undefined}
          error={
            draft.vehicleId && period && !free.has(draft.vehicleId)
              ? 'This car is booked for part of the period: choose a free one.'
              : null
          }
        >
          {(id) => (
            <select
              id={id}
              value={draft.vehicleId}
              onChange={(e) => set({ vehicleId: e.target.value })}
              disabled={!classId}
            >
              <option value="">Any car of the class</option>
              {classVehicles.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.plate} · {candidate.label}
                  {period && !free.has(candidate.id) ? ' — booked' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Deposit (${currency})`} hint="Empty: the class's deposit">
          {(id) => (
            <input
              id={id}
              inputMode="decimal"
              value={draft.deposit}
              onChange={(e) => set({ deposit: e.target.value })}
            />
          )}
        </Field>
        <AccessoryChoice value={draft.extras} onChange={(extras) => set({ extras })} />
        <div className="field field-wide">
          {quote ? (
            <ChargesTable
              testId="reservation-quote"
              lines={quote.lines}
              totalLabel="Quoted price (VAT included)"
              totalMinor={quote.totalMinor}
            />
          ) : (
            <p className="muted small">
              {period ? 'Choose a class to see the quote.' : 'The return must be after the pickup.'}
            </p>
          )}
        </div>
        {problem ? (
          <div className="form-error field-wide" role="alert">
            {problem}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            Reserve
          </button>
        </div>
      </form>
    </section>
  );
}
