import { useMemo } from 'react';
import { vehiclesDue } from '@forecourt/shared/domain/rental/fleet-mutations';
import { useDeps } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { formatKm } from '../rental-format.ts';
import { rentalTable } from '../rental-rows.ts';
import { collidingBookings } from '../calendar-layout.ts';
import { useBookings, useFleet, useRenterNames } from '../use-rental-data.ts';
import { RentalStatus } from './RentalStatus.tsx';

function Clickable(props: { onOpen: () => void; children: React.ReactNode }) {
  return (
    <tr
      className="clickable"
      tabIndex={0}
      onClick={props.onOpen}
      onKeyDown={(e) => e.key === 'Enter' && props.onOpen()}
    >
      {props.children}
    </tr>
  );
}

export function ReservationList() {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const { locale, currency } = useReference();
  const { rows, loading } = useRows(rentalTable('reservations'), { where: scope.where, orderBy: 'starts_at' });
  const renters = useRenterNames();
  const { vehicles } = useFleet();
  const plates = useMemo(() => new Map(vehicles.map((vehicle) => [vehicle.id, vehicle.plate])), [vehicles]);
  const bookings = useBookings();
  const colliding = useMemo(() => collidingBookings(bookings), [bookings]);
  return (
    <>
      <table className="table" data-testid="reservation-table">
        <thead>
          <tr>
            <th>No.</th>
            <th>Renter</th>
            <th>Vehicle</th>
            <th>From</th>
            <th>To</th>
            <th>Quote</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Clickable key={row.id} onOpen={() => nav.getState().navigate({ name: 'reservation', id: row.id })}>
              <td className="mono">{text(row.number)}</td>
              <td>{renters.get(text(row.customer_id)) ?? '—'}</td>
              <td>
                {plates.get(text(row.vehicle_id)) ? (
                  <span className="plate">{plates.get(text(row.vehicle_id))}</span>
                ) : (
                  '—'
                )}
              </td>
              <td>{formatDateTime(row.starts_at, locale)}</td>
              <td>{formatDateTime(row.ends_at, locale)}</td>
              <td>{formatMoney(typeof row.quote_minor === 'number' ? row.quote_minor : null, currency, locale)}</td>
              <td>
                <RentalStatus status={row.status} doubleBooked={Boolean(row.double_booked) && colliding.has(row.id)} />
              </td>
            </Clickable>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 ? <p className="empty">No reservations yet.</p> : null}
    </>
  );
}

export function ContractList() {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const { locale } = useReference();
  const { rows, loading } = useRows(rentalTable('contracts'), {
    where: scope.where,
    orderBy: 'opened_at',
    descending: true,
  });
  const renters = useRenterNames();
  const { vehicles } = useFleet();
  const plates = useMemo(() => new Map(vehicles.map((vehicle) => [vehicle.id, vehicle.plate])), [vehicles]);
  return (
    <>
      <table className="table" data-testid="contract-table">
        <thead>
          <tr>
            <th>Contract</th>
            <th>Renter</th>
            <th>Vehicle</th>
            <th>Out</th>
            <th>Due back</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Clickable key={row.id} onOpen={() => nav.getState().navigate({ name: 'contract', id: row.id })}>
              <td className="mono">{text(row.number)}</td>
              <td>{renters.get(text(row.customer_id)) ?? '—'}</td>
              <td>
                <span className="plate">{plates.get(text(row.vehicle_id)) ?? '—'}</span>
              </td>
              <td>{formatDateTime(row.opened_at, locale)}</td>
              <td>{formatDateTime(row.due_at, locale)}</td>
              <td>
                <RentalStatus status={row.status} />
              </td>
            </Clickable>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 ? <p className="empty">No contracts yet.</p> : null}
    </>
  );
}

export function FleetList() {
  const { nav, now } = useDeps();
  const { locale } = useReference();
  const { vehicles, rows, loading } = useFleet();
  const due = useMemo(
    () => new Map(vehiclesDue(rows, new Date(now()).toISOString()).map((entry) => [entry.vehicle.id, entry.reason])),
    [rows, now],
  );
  return (
    <>
      <table className="table" data-testid="fleet-table">
        <thead>
          <tr>
            <th>Plate</th>
            <th>Vehicle</th>
            <th>Class</th>
            <th>Fuel</th>
            <th>Odometer</th>
            <th>Service</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {vehicles.map((vehicle) => (
            <Clickable
              key={vehicle.id}
              onOpen={() => nav.getState().navigate({ name: 'fleet-vehicle', id: vehicle.id })}
            >
              <td>
                <span className="plate">{vehicle.plate}</span>
              </td>
              <td>{vehicle.label}</td>
              <td>{vehicle.className}</td>
              <td>{vehicle.fuelType}</td>
              <td>{formatKm(vehicle.odometerKm, locale)}</td>
              <td>
                {due.has(vehicle.id) ? (
                  <span className="tag warn">{due.get(vehicle.id)}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <RentalStatus status={vehicle.status} />
              </td>
            </Clickable>
          ))}
        </tbody>
      </table>
      {!loading && vehicles.length === 0 ? <p className="empty">No rental vehicles at this site.</p> : null}
    </>
  );
}

export function RenterList() {
  const { nav } = useDeps();
  const { rows, loading } = useRows(rentalTable('renters'), { orderBy: 'name' });
  return (
    <>
      <table className="table" data-testid="renter-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Phone</th>
            <th>Email</th>
            <th>Licence</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Clickable key={row.id} onOpen={() => nav.getState().navigate({ name: 'renter', id: row.id })}>
              <td>{text(row.name)}</td>
              <td className="mono">{text(row.phone)}</td>
              <td>{text(row.email)}</td>
              <td className="mono">{text(row.licence_number)}</td>
            </Clickable>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 ? <p className="empty">No renters yet.</p> : null}
    </>
  );
}
