import { useMemo } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useSiteScope } from '../../app/reference.ts';
import { text } from '../../lib/format.ts';
import { useRows } from '../../lib/use-rows.ts';
import { bookingsOf, fleetVehicleOf, rentalTable, type FleetVehicle } from './rental-rows.ts';
import type { CalendarBooking } from './calendar-layout.ts';

/** The site's fleet as view models, with class names resolved. */
export function useFleet(): { vehicles: FleetVehicle[]; rows: readonly Row[]; loading: boolean } {
  const scope = useSiteScope();
  const { rows, loading } = useRows(rentalTable('vehicles'), { where: scope.where, orderBy: 'plate' });
  const classes = useRows(rentalTable('classes')).rows;
  const vehicles = useMemo(() => {
    const names = new Map(classes.map((row) => [row.id, text(row.name)]));
    return rows.map((row) => fleetVehicleOf(row, names));
  }, [rows, classes]);
  return { vehicles, rows, loading };
}

export function useRenterNames(): ReadonlyMap<string, string> {
  const rows = useRows(rentalTable('renters')).rows;
  return useMemo(() => new Map(rows.map((row) => [row.id, text(row.name)])), [rows]);
}

/** Everything that occupies a car at this site: the calendar's bars and the conflict check's input. */
export function useBookings(): CalendarBooking[] {
  const scope = useSiteScope();
  const reservations = useRows(rentalTable('reservations'), { where: scope.where }).rows;
  const contracts = useRows(rentalTable('contracts'), { where: scope.where }).rows;
  // Maintenance blocks are tenant-wide rows of a vehicle; the calendar keeps those of its own cars.
  const maintenance = useRows(rentalTable('maintenance')).rows;
  const renterNames = useRenterNames();
  return useMemo(
    () => bookingsOf({ reservations, contracts, maintenance, renterNames }),
    [reservations, contracts, maintenance, renterNames],
  );
}
