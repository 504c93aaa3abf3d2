import { ACTIVE_CONTRACT, ACTIVE_RESERVATION } from '@forecourt/shared/domain/rental/availability';
import type { Row, TableName } from '@forecourt/shared/schema/tables';
import { text } from '../../lib/format.ts';
import type { CalendarBooking, CalendarVehicle } from './calendar-layout.ts';
import { isDamageSeverity, isDamageType, type DamageMark } from './damage-marks.ts';

/**
 * The one place that knows the rental domain's table and column names: rows from the replica
 * become the small view models the screens use. When the domain renames a column, this file
 * changes and the screens do not.
 */
export const RENTAL_TABLES = {
  vehicles: 'rental_vehicles',
  classes: 'rental_classes',
  accessories: 'rental_accessories',
  renters: 'rental_customers',
  reservations: 'rental_reservations',
  contracts: 'rental_contracts',
  maintenance: 'rental_maintenance',
  doNotRent: 'rental_do_not_rent',
} as const satisfies Record<string, TableName>;

export function rentalTable(key: keyof typeof RENTAL_TABLES): TableName {
  return RENTAL_TABLES[key];
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const ms = (value: unknown): number | null => {
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? null : parsed;
};

export interface FleetVehicle extends CalendarVehicle {
  readonly make: string;
  readonly model: string;
  readonly classId: string;
  readonly status: string;
  readonly fuelType: string;
  readonly odometerKm: number | null;
  readonly siteId: string;
  readonly vin: string;
  readonly electric: boolean;
}

export function fleetVehicleOf(row: Row, classNames: ReadonlyMap<string, string>): FleetVehicle {
  const classId = text(row.class_id);
  return {
    id: row.id,
    plate: text(row.plate),
    className: classNames.get(classId) ?? 'Unclassified',
    label: [text(row.make), text(row.model)].filter(Boolean).join(' '),
    make: text(row.make),
    model: text(row.model),
    classId,
    status: text(row.status) || 'available',
    fuelType: text(row.fuel_type),
    odometerKm: num(row.odometer_km),
    siteId: text(row.site_id),
    vin: text(row.vin),
    electric: text(row.fuel_type) === 'ev',
  };
}

export function damagesOf(value: unknown): DamageMark[] {
  const list: unknown = typeof value === 'string' && value ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const mark = item as Record<string, unknown>; // checked field by field below
    const x = num(mark.x);
    const y = num(mark.y);
    if (x === null || y === null || !isDamageType(mark.type) || !isDamageSeverity(mark.severity)) return [];
    const note = text(mark.note);
    return [
      { id: text(mark.id) || `${x}-${y}`, x, y, type: mark.type, severity: mark.severity, ...(note ? { note } : {}) },
    ];
  });
}

/** Reservations, open contracts and maintenance blocks as calendar bars. */
export function bookingsOf(input: {
  reservations: readonly Row[];
  contracts: readonly Row[];
  maintenance: readonly Row[];
  renterNames: ReadonlyMap<string, string>;
}): CalendarBooking[] {
  const bookings: CalendarBooking[] = [];
  for (const row of input.reservations) {
    const status = text(row.status);
    const start = ms(row.starts_at);
    const end = ms(row.ends_at);
    if (row.deleted_at || !text(row.vehicle_id) || start === null || end === null) continue;
    if (!ACTIVE_RESERVATION.has(status)) continue;
    bookings.push({
      id: row.id,
      vehicleId: text(row.vehicle_id),
      kind: 'reservation',
      startMs: start,
      endMs: end,
      label: input.renterNames.get(text(row.customer_id)) ?? text(row.number),
      tentative: status === 'tentative',
    });
  }
  for (const row of input.contracts) {
    const start = ms(row.opened_at);
    const end = text(row.status) === 'returned' ? ms(row.returned_at) : ms(row.due_at);
    if (row.deleted_at || start === null || end === null || !ACTIVE_CONTRACT.has(text(row.status))) continue;
    bookings.push({
      id: row.id,
      vehicleId: text(row.vehicle_id),
      kind: 'contract',
      startMs: start,
      endMs: end,
      label: `${text(row.number)} ${input.renterNames.get(text(row.customer_id)) ?? ''}`.trim(),
    });
  }
  for (const row of input.maintenance) {
    const start = ms(row.starts_at);
    const end = ms(row.ends_at);
    if (row.deleted_at || row.completed_at || start === null || end === null) continue;
    bookings.push({
      id: row.id,
      vehicleId: text(row.vehicle_id),
      kind: 'maintenance',
      startMs: start,
      endMs: end,
      label: text(row.reason) || 'Maintenance',
    });
  }
  return bookings;
}
