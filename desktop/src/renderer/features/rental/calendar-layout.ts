/**
 * The availability calendar's geometry, kept apart from React so that it can be tested: which
 * vehicles go in which class group, where each booking's bar starts and how many slots it spans,
 * and which bookings collide on the same vehicle (drawn as double-booked).
 *
 * Times are epoch milliseconds; a slot is an hour (day view) or a day (week view). Periods are
 * half-open [start, end): a car returned at 10:00 can go out again at 10:00.
 */
export type BookingKind = 'reservation' | 'contract' | 'maintenance';

export interface CalendarVehicle {
  readonly id: string;
  readonly plate: string;
  readonly className: string;
  readonly label: string;
}

export interface CalendarBooking {
  readonly id: string;
  readonly vehicleId: string;
  readonly kind: BookingKind;
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
  /** Tentative (made offline, not yet confirmed by the server). */
  readonly tentative?: boolean;
}

export interface CalendarWindow {
  readonly startMs: number;
  readonly slotMs: number;
  readonly slots: number;
}

export interface CalendarBar {
  readonly booking: CalendarBooking;
  /** 0-based first slot the bar covers, and how many slots it spans (at least 1). */
  readonly firstSlot: number;
  readonly span: number;
  readonly clippedStart: boolean;
  readonly clippedEnd: boolean;
  readonly doubleBooked: boolean;
  /** Stacking lane inside the row, so that overlapping bars stay readable. */
  readonly lane: number;
}

export interface CalendarRow {
  readonly vehicle: CalendarVehicle;
  readonly bars: readonly CalendarBar[];
  readonly lanes: number;
}

export interface CalendarGroup {
  readonly className: string;
  readonly rows: readonly CalendarRow[];
  /** Per slot: how many vehicles of the class are free for the whole slot. */
  readonly freePerSlot: readonly number[];
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }) =>
  a.startMs < b.endMs && b.startMs < a.endMs;

/** Ids of bookings that overlap another booking of the same vehicle (maintenance included). */
export function collidingBookings(bookings: readonly CalendarBooking[]): Set<string> {
  const byVehicle = new Map<string, CalendarBooking[]>();
  for (const booking of bookings) {
    const list = byVehicle.get(booking.vehicleId) ?? [];
    list.push(booking);
    byVehicle.set(booking.vehicleId, list);
  }
  const colliding = new Set<string>();
  for (const list of byVehicle.values()) {
    const sorted = [...list].sort((a, b) => a.startMs - b.startMs);
    for (let i = 0; i < sorted.length; i++) {
      const current = sorted[i];
      if (!current) continue;
      for (let j = i + 1; j < sorted.length; j++) {
        const next = sorted[j];
        if (!next || next.startMs >= current.endMs) break;
        colliding.add(current.id);
        colliding.add(next.id);
      }
    }
  }
  return colliding;
}

function barOf(booking: CalendarBooking, window: CalendarWindow, colliding: Set<string>): Omit<CalendarBar, 'lane'> {
  const windowEnd = window.startMs + window.slots * window.slotMs;
  const start = Math.max(booking.startMs, window.startMs);
  const end = Math.min(booking.endMs, windowEnd);
  const firstSlot = Math.floor((start - window.startMs) / window.slotMs);
  const lastSlot = Math.ceil((end - window.startMs) / window.slotMs);
  return {
    booking,
    firstSlot,
    span: Math.max(1, lastSlot - firstSlot),
    clippedStart: booking.startMs < window.startMs,
    clippedEnd: booking.endMs > windowEnd,
    // What collides now, not the stored flag: a flag can outlive its clash (the other booking moved).
    doubleBooked: colliding.has(booking.id),
  };
}

/** Puts bars in the first lane whose last bar ends before this one starts. */
function assignLanes(bars: ReadonlyArray<Omit<CalendarBar, 'lane'>>): { bars: CalendarBar[]; lanes: number } {
  const laneEnds: number[] = [];
  const placed = [...bars]
    .sort((a, b) => a.firstSlot - b.firstSlot || b.span - a.span)
    .map((bar) => {
      let lane = laneEnds.findIndex((end) => end <= bar.firstSlot);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = bar.firstSlot + bar.span;
      return { ...bar, lane };
    });
  return { bars: placed, lanes: Math.max(1, laneEnds.length) };
}

/** Rows grouped by class (classes and plates in order), with bars and free counts per slot. */
export function layoutCalendar(
  vehicles: readonly CalendarVehicle[],
  bookings: readonly CalendarBooking[],
  window: CalendarWindow,
): CalendarGroup[] {
  if (window.slots < 1 || window.slotMs <= 0) throw new RangeError('the calendar needs at least one slot');
  const windowSpan = { startMs: window.startMs, endMs: window.startMs + window.slots * window.slotMs };
  const colliding = collidingBookings(bookings);
  const visible = bookings.filter((booking) => booking.endMs > booking.startMs && overlaps(booking, windowSpan));
  const classes = [...new Set(vehicles.map((vehicle) => vehicle.className))].sort((a, b) => a.localeCompare(b));
  return classes.map((className) => {
    const members = vehicles
      .filter((vehicle) => vehicle.className === className)
      .sort((a, b) => a.plate.localeCompare(b.plate));
    const rows = members.map((vehicle) => {
      const own = visible.filter((booking) => booking.vehicleId === vehicle.id);
      const { bars, lanes } = assignLanes(own.map((booking) => barOf(booking, window, colliding)));
      return { vehicle, bars, lanes };
    });
    const freePerSlot = Array.from({ length: window.slots }, (_, slot) => {
      const span = {
        startMs: window.startMs + slot * window.slotMs,
        endMs: window.startMs + (slot + 1) * window.slotMs,
      };
      return rows.filter((row) => !row.bars.some((bar) => overlaps(bar.booking, span))).length;
    });
    return { className, rows, freePerSlot };
  });
}

/** Vehicles of a class that are free for the whole period: what a conflict can be moved to. */
export function freeVehicles(
  vehicles: readonly CalendarVehicle[],
  bookings: readonly CalendarBooking[],
  className: string,
  period: { startMs: number; endMs: number },
  ignoreBookingId?: string,
): CalendarVehicle[] {
  return vehicles
    .filter((vehicle) => vehicle.className === className)
    .filter(
      (vehicle) =>
        !bookings.some(
          (booking) => booking.vehicleId === vehicle.id && booking.id !== ignoreBookingId && overlaps(booking, period),
        ),
    )
    .sort((a, b) => a.plate.localeCompare(b.plate));
}
