import { useMemo } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { collidingBookings, freeVehicles } from '../calendar-layout.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { rentalTable } from '../rental-rows.ts';
import { useBookings, useFleet } from '../use-rental-data.ts';
import { PrintDocumentButton } from './PrintDocumentButton.tsx';
import { RentalStatus } from './RentalStatus.tsx';
import { RenterWarnings } from './RenterWarnings.tsx';

const money = (value: unknown) => (typeof value === 'number' ? value : null);

/** A reservation: its facts, its next steps, and for a double-booking the free cars to move it to. */
export function ReservationDetail(props: { id: string }) {
  const { nav, confirm } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale, currency, siteName } = useReference();
  const reservation = useRow(rentalTable('reservations'), props.id).row;
  const renter = useRow(rentalTable('renters'), text(reservation?.customer_id) || null).row;
  const { vehicles } = useFleet();
  const bookings = useBookings();
  const { run, busy } = useMutation();
  const vehicle = vehicles.find((candidate) => candidate.id === text(reservation?.vehicle_id));
  const alternatives = useMemo(() => {
    if (!reservation) return [];
    const period = { startMs: Date.parse(text(reservation.starts_at)), endMs: Date.parse(text(reservation.ends_at)) };
    const ofClass = vehicles.filter((candidate) => candidate.classId === text(reservation.class_id));
    const className = ofClass[0]?.className ?? '';
    return freeVehicles(ofClass, bookings, className, period, reservation.id);
  }, [reservation, vehicles, bookings]);

  if (!reservation) return <section className="screen" aria-busy="true" />;
  const status = text(reservation.status);
  // Flagged by the server and still colliding in the replica: once either booking moved, it is over.
  const doubleBooked = Boolean(reservation.double_booked) && collidingBookings(bookings).has(reservation.id);
  const active = status === 'confirmed' || status === 'tentative';
  const contractId = text(reservation.contract_id);
  const cancel = async () => {
    const answer = await confirm.getState().ask({
      title: `Cancel reservation ${text(reservation.number)}?`,
      body: 'The car becomes free for the period.',
      confirmLabel: 'Cancel reservation',
      danger: true,
      reasonLabel: 'Reason',
    });
    if (answer.confirmed)
      await run(
        RENTAL_MUTATIONS.reservationCancel,
        { reservationId: reservation.id, reason: answer.reason },
        'Reservation cancelled.',
      );
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
        <h1 className="mono">{text(reservation.number)}</h1>
        <RentalStatus status={status} doubleBooked={doubleBooked} />
        <div className="actions">
          <PrintDocumentButton kind="reservation" id={reservation.id} label="Print confirmation" />
          {active && canRun(role, RENTAL_MUTATIONS.reservationCancel) ? (
            <button type="button" className="button danger-outline" disabled={busy} onClick={() => void cancel()}>
              Cancel…
            </button>
          ) : null}
          {active && canRun(role, RENTAL_MUTATIONS.reservationNoShow) ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                void run(RENTAL_MUTATIONS.reservationNoShow, { reservationId: reservation.id }, 'Marked as no-show.')
              }
            >
              No-show
            </button>
          ) : null}
          {contractId ? (
            <button
              type="button"
              className="button"
              onClick={() => nav.getState().navigate({ name: 'contract', id: contractId })}
            >
              Open contract
            </button>
          ) : null}
          {active && canRun(role, RENTAL_MUTATIONS.pickup) ? (
            <button
              type="button"
              className="button primary"
              disabled={doubleBooked}
              title={doubleBooked ? 'Move the reservation to a free car first' : undefined}
              onClick={() => nav.getState().navigate({ name: 'pickup', reservationId: reservation.id })}
            >
              Start pickup
            </button>
          ) : null}
        </div>
      </header>
      {renter ? <RenterWarnings renter={renter} at="reservation" /> : null}
      {doubleBooked && active ? (
        <div className="panel conflict-panel" data-testid="double-booked">
          <h2>Double-booked</h2>
          <p>
            Another counter booked {vehicle ? <span className="plate">{vehicle.plate}</span> : 'this car'} for an
            overlapping period while one of them was offline. Both reservations are kept; move one of them to a free car
            of the same class.
          </p>
          {alternatives.length ? (
            <div className="actions">
              {alternatives.map((candidate) => (
                <button
                  key={candidate.id}
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      RENTAL_MUTATIONS.reassign,
                      { reservationId: reservation.id, vehicleId: candidate.id },
                      `Moved to ${candidate.plate}.`,
                    )
                  }
                >
                  Move to {candidate.plate} ({candidate.label})
                </button>
              ))}
            </div>
          ) : (
            <p className="muted">
              No car of this class is free for the whole period: call the renter to change the dates or the class.
            </p>
          )}
        </div>
      ) : null}
      <dl className="facts panel">
        <dt>Renter</dt>
        <dd>
          {renter ? (
            <button
              type="button"
              className="link"
              onClick={() => nav.getState().navigate({ name: 'renter', id: renter.id })}
            >
              {text(renter.name)}
            </button>
          ) : (
            '—'
          )}
        </dd>
        <dt>Vehicle</dt>
        <dd>
          {vehicle ? (
            <>
              <span className="plate">{vehicle.plate}</span> {vehicle.label} · {vehicle.className}
            </>
          ) : (
            `Any car of the class (${alternatives.length} free)`
          )}
        </dd>
        <dt>Pickup</dt>
        <dd>
          {formatDateTime(reservation.starts_at, locale)} · {siteName(reservation.site_id)}
        </dd>
        <dt>Return</dt>
        <dd>
          {formatDateTime(reservation.ends_at, locale)} · {siteName(reservation.return_site_id ?? reservation.site_id)}
        </dd>
        <dt>Quote</dt>
        <dd>{formatMoney(money(reservation.quote_minor), currency, locale)}</dd>
        <dt>Deposit</dt>
        <dd>{formatMoney(money(reservation.deposit_minor), currency, locale)}</dd>
        {reservation.no_show_fee_minor !== null && reservation.no_show_fee_minor !== undefined ? (
          <>
            <dt>No-show fee</dt>
            <dd>{formatMoney(money(reservation.no_show_fee_minor), currency, locale)}</dd>
          </>
        ) : null}
        {reservation.cancel_reason ? (
          <>
            <dt>Cancelled</dt>
            <dd>{text(reservation.cancel_reason)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
