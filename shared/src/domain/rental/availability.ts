import type { Row } from '../../schema/table-spec.ts';

/**
 * Availability of the fleet: a vehicle is free for a period when none of its active bookings
 * (reservations that are tentative or confirmed, open or returned-but-not-closed contracts) and
 * none of its maintenance blocks overlap it. Periods are half-open [start, end): a car returned at
 * 10:00 can go out again at 10:00. Times are ISO-8601 UTC text of one format, so they compare as
 * strings.
 */
export const ACTIVE_RESERVATION = new Set(['tentative', 'confirmed']);
export const ACTIVE_CONTRACT = new Set(['open', 'returned']);
const UNAVAILABLE_STATUS = new Set(['out_of_service']);

export interface Period {
  readonly start: string;
  readonly end: string;
}

export interface Busy extends Period {
  readonly vehicleId: string;
  readonly kind: 'reservation' | 'contract' | 'maintenance';
  readonly id: string;
}

export const overlaps = (a: Period, b: Period): boolean => a.start < b.end && b.start < a.end;

/** Every period a vehicle is taken, from the rows of the three tables. */
export function busyPeriods(input: {
  readonly reservations: readonly Row[];
  readonly contracts: readonly Row[];
  readonly maintenance: readonly Row[];
}): Busy[] {
  const busy: Busy[] = [];
  for (const row of input.reservations) {
    if (row.deleted_at || !row.vehicle_id || !ACTIVE_RESERVATION.has(String(row.status))) continue;
    busy.push({
      vehicleId: String(row.vehicle_id),
      kind: 'reservation',
      id: row.id,
      start: String(row.starts_at),
      end: String(row.ends_at),
    });
  }
  for (const row of input.contracts) {
    if (row.deleted_at || !ACTIVE_CONTRACT.has(String(row.status))) continue;
    const end = row.status === 'returned' && row.returned_at ? String(row.returned_at) : String(row.due_at);
    busy.push({ vehicleId: String(row.vehicle_id), kind: 'contract', id: row.id, start: String(row.opened_at), end });
  }
  for (const row of input.maintenance) {
    if (row.deleted_at || row.completed_at) continue;
    busy.push({
      vehicleId: String(row.vehicle_id),
      kind: 'maintenance',
      id: row.id,
      start: String(row.starts_at),
      end: String(row.ends_at),
    });
  }
  return busy;
}

/** The bookings of one vehicle that overlap a period, leaving out the ids given (the booking itself). */
export function clashes(
  busy: readonly Busy[],
  vehicleId: string,
  period: Period,
  except: ReadonlySet<string> = new Set(),
): Busy[] {
  return busy.filter((entry) => entry.vehicleId === vehicleId && !except.has(entry.id) && overlaps(entry, period));
}

/**
 * The vehicles of a class free for the whole period, by plate. Built once per call with the busy
 * periods grouped per vehicle, so a 500-vehicle fleet with thousands of bookings is one pass.
 */
export function freeVehicles(
  vehicles: readonly Row[],
  busy: readonly Busy[],
  period: Period,
  filter: { classId?: string | null; siteId?: string | null } = {},
): Row[] {
  const taken = new Set<string>();
  for (const entry of busy) if (overlaps(entry, period)) taken.add(entry.vehicleId);
  return vehicles
    .filter(
      (vehicle) =>
        !vehicle.deleted_at &&
        !UNAVAILABLE_STATUS.has(String(vehicle.status)) &&
        !taken.has(vehicle.id) &&
        (!filter.classId || vehicle.class_id === filter.classId) &&
        (!filter.siteId || vehicle.site_id === filter.siteId),
    )
    .sort((a, b) => String(a.plate).localeCompare(String(b.plate)));
}

/**
 * Per class, how many vehicles are free on each day of a range (a calendar's summary row): day d
 * counts a vehicle as free when no busy period overlaps [d, d+1). Days are UTC dates.
 */
export function dailyAvailability(
  vehicles: readonly Row[],
  busy: readonly Busy[],
  fromDate: string,
  days: number,
): Map<string, number[]> {
  const dayStarts: string[] = [];
  const base = Date.parse(`${fromDate}T00:00:00.000Z`);
  for (let d = 0; d <= days; d++) dayStarts.push(new Date(base + d * 86_400_000).toISOString());
  const byVehicle = new Map<string, Busy[]>();
  for (const entry of busy) {
    const list = byVehicle.get(entry.vehicleId);
    if (list) list.push(entry);
    else byVehicle.set(entry.vehicleId, [entry]);
  }
  const result = new Map<string, number[]>();
  for (const vehicle of vehicles) {
    if (vehicle.deleted_at || UNAVAILABLE_STATUS.has(String(vehicle.status))) continue;
    const classId = String(vehicle.class_id);
    let counts = result.get(classId);
    if (!counts) result.set(classId, (counts = new Array<number>(days).fill(0)));
    const entries = byVehicle.get(vehicle.id) ?? [];
    for (let d = 0; d < days; d++) {
      const day = { start: dayStarts[d]!, end: dayStarts[d + 1]! };
      if (!entries.some((entry) => overlaps(entry, day))) counts[d]! += 1;
    }
  }
  return result;
}
