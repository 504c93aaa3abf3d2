import type Database from 'better-sqlite3';
import type { Row } from '@forecourt/shared';
import { busyPeriods, type Busy } from '@forecourt/shared/domain/rental/index';

const NOTHING: readonly Busy[] = Object.freeze([]);

export interface FleetCalendar {
  /** The vehicles with the columns a calendar row shows (id, plate, class, sites, status, make, model, fuel). */
  readonly vehicles: Row[];
  /** Per vehicle id, per day of the range: the bookings that touch the day (empty: free). */
  readonly days: Map<string, Busy[][]>;
  /** Per class id, per day: how many vehicles are free all day. */
  readonly freePerClass: Map<string, number[]>;
}

/**
 * The availability calendar of a fleet over `days` days from `fromDate` (UTC), read from the
 * replica: only the bookings that overlap the window are read (indexed by start time), then laid
 * out per vehicle and per day. Works offline; the calendar screen and bench/rental use it.
 */
export function fleetCalendar(db: Database.Database, tenantId: string, fromDate: string, days: number): FleetCalendar {
  const start = `${fromDate}T00:00:00.000Z`;
  const end = new Date(Date.parse(start) + days * 86_400_000).toISOString();
  // Only the columns the calendar needs, and only bookings that end after the window starts
  // (index rental_reservations_ends): a year of history does not cost anything.
  const reservations = db
    .prepare(
      `SELECT id, vehicle_id, status, starts_at, ends_at, deleted_at FROM rental_reservations INDEXED BY rental_reservations_ends
       WHERE tenant_id = ? AND ends_at > ? AND starts_at < ? AND deleted_at IS NULL AND status IN ('tentative', 'confirmed')`,
    )
    .all(tenantId, start, end) as Row[];
  const contracts = db
    .prepare(
      `SELECT id, vehicle_id, status, opened_at, due_at, returned_at, deleted_at FROM rental_contracts
       WHERE tenant_id = ? AND status IN ('open', 'returned') AND opened_at < ? AND deleted_at IS NULL`,
    )
    .all(tenantId, end) as Row[];
  const maintenance = db
    .prepare(
      `SELECT id, vehicle_id, starts_at, ends_at, completed_at, deleted_at FROM rental_maintenance
       WHERE tenant_id = ? AND ends_at > ? AND starts_at < ? AND completed_at IS NULL AND deleted_at IS NULL`,
    )
    .all(tenantId, start, end) as Row[];
  const vehicles = db
    .prepare(
      `SELECT id, plate, class_id, site_id, location_site_id, status, make, model, fuel_type, deleted_at FROM rental_vehicles
       WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY plate`,
    )
    .all(tenantId) as Row[];
  const busy = busyPeriods({ reservations, contracts, maintenance });
  const dayStarts = Array.from({ length: days + 1 }, (_, d) =>
    new Date(Date.parse(start) + d * 86_400_000).toISOString(),
  );
  const startMs = Date.parse(start);
  // Days with nothing on them share one frozen empty list; a list is made only for a busy day.
  const grid = new Map<string, Busy[][]>(
    vehicles.map((vehicle) => [vehicle.id, new Array<Busy[]>(days).fill(NOTHING as Busy[])]),
  );
  for (const entry of busy) {
    const row = grid.get(entry.vehicleId);
    if (!row) continue;
    const first = Math.max(0, Math.floor((Date.parse(entry.start) - startMs) / 86_400_000));
    for (let d = first; d < days && dayStarts[d]! < entry.end; d++) {
      if (entry.start >= dayStarts[d + 1]!) continue;
      const day = row[d]!;
      if (day === NOTHING) row[d] = [entry];
      else day.push(entry);
    }
  }
  // Free all day = nothing on the vehicle's day (the same rule as dailyAvailability, from the grid).
  const freePerClass = new Map<string, number[]>();
  for (const vehicle of vehicles) {
    if (vehicle.status === 'out_of_service') continue;
    const classId = String(vehicle.class_id);
    let counts = freePerClass.get(classId);
    if (!counts) freePerClass.set(classId, (counts = new Array<number>(days).fill(0)));
    const row = grid.get(vehicle.id)!;
    for (let d = 0; d < days; d++) if (row[d]!.length === 0) counts[d]! += 1;
  }
  return { vehicles, days: grid, freePerClass };
}
