import { describe, expect, it } from 'vitest';
import { hashToRoute, routeToHash, type Route } from '../../src/renderer/app/navigation.ts';
import {
  collidingBookings,
  DAY_MS,
  freeVehicles,
  HOUR_MS,
  layoutCalendar,
  type CalendarBooking,
  type CalendarVehicle,
} from '../../src/renderer/features/rental/calendar-layout.ts';
import { areaOf, positionIn } from '../../src/renderer/features/rental/damage-marks.ts';
import { photoProblem } from '../../src/renderer/features/rental/image-bytes.ts';
import {
  addSiteDays,
  siteDateString,
  siteDateTimeToMs,
  startOfSiteDay,
} from '../../src/renderer/features/rental/site-time.ts';

const monday = Date.UTC(2026, 10, 23); // 23 Nov 2026, 00:00 UTC
const vehicles: CalendarVehicle[] = [
  { id: 'v-golf', plate: 'ZH 1001', className: 'Compact', label: 'VW Golf' },
  { id: 'v-polo', plate: 'ZH 1002', className: 'Compact', label: 'VW Polo' },
  { id: 'v-tesla', plate: 'ZH 2001', className: 'Electric', label: 'Tesla Model 3' },
];
const booking = (
  id: string,
  vehicleId: string,
  fromDay: number,
  toDay: number,
  kind: CalendarBooking['kind'] = 'reservation',
): CalendarBooking => ({
  id,
  vehicleId,
  kind,
  startMs: monday + fromDay * DAY_MS,
  endMs: monday + toDay * DAY_MS,
  label: id,
});

describe('the availability calendar layout', () => {
  const week = { startMs: monday, slotMs: DAY_MS, slots: 7 };

  it('groups vehicles by class and places bars on their days, clipped to the window', () => {
    const groups = layoutCalendar(
      vehicles,
      [booking('r1', 'v-golf', 1, 3), booking('r2', 'v-tesla', -2, 2, 'contract'), booking('old', 'v-polo', -9, -8)],
      week,
    );
    expect(groups.map((group) => group.className)).toEqual(['Compact', 'Electric']);
    const golf = groups[0]?.rows.find((row) => row.vehicle.id === 'v-golf');
    expect(golf?.bars).toEqual([
      expect.objectContaining({
        firstSlot: 1,
        span: 2,
        clippedStart: false,
        clippedEnd: false,
        doubleBooked: false,
        lane: 0,
      }),
    ]);
    // A booking that ended before the window is not drawn.
    expect(groups[0]?.rows.find((row) => row.vehicle.id === 'v-polo')?.bars).toEqual([]);
    const tesla = groups[1]?.rows[0];
    expect(tesla?.bars[0]).toMatchObject({ firstSlot: 0, span: 2, clippedStart: true });
    // Free cars per day: Monday both compacts, Tuesday and Wednesday one.
    expect(groups[0]?.freePerSlot.slice(0, 4)).toEqual([2, 1, 1, 2]);
  });

  it('a part-day booking covers every slot it touches', () => {
    const partDay: CalendarBooking = {
      id: 'p',
      vehicleId: 'v-golf',
      kind: 'reservation',
      startMs: monday + DAY_MS + 9 * HOUR_MS,
      endMs: monday + 2 * DAY_MS + 10 * HOUR_MS,
      label: 'p',
    };
    const bar = layoutCalendar(vehicles, [partDay], week)[0]?.rows[0]?.bars[0];
    expect(bar).toMatchObject({ firstSlot: 1, span: 2 });
  });

  it('marks overlapping bookings of one car double-booked and stacks them in lanes', () => {
    const bookings = [
      booking('a', 'v-golf', 1, 4),
      booking('b', 'v-golf', 3, 5),
      booking('c', 'v-golf', 5, 6),
      booking('d', 'v-polo', 3, 5),
    ];
    expect([...collidingBookings(bookings)].sort()).toEqual(['a', 'b']);
    const golf = layoutCalendar(vehicles, bookings, week)[0]?.rows[0];
    expect(golf?.lanes).toBe(2);
    const byId = new Map(golf?.bars.map((bar) => [bar.booking.id, bar]));
    expect(byId.get('a')).toMatchObject({ doubleBooked: true, lane: 0 });
    expect(byId.get('b')).toMatchObject({ doubleBooked: true, lane: 1 });
    // Back-to-back is not a collision: a car returned at midnight can go out at midnight.
    expect(byId.get('c')).toMatchObject({ doubleBooked: false });
  });

  it('offers the free cars of the same class for a conflict', () => {
    const bookings = [booking('a', 'v-golf', 1, 4), booking('b', 'v-golf', 3, 5)];
    const period = { startMs: monday + 3 * DAY_MS, endMs: monday + 5 * DAY_MS };
    expect(freeVehicles(vehicles, bookings, 'Compact', period, 'b').map((vehicle) => vehicle.id)).toEqual(['v-polo']);
    expect(
      freeVehicles(vehicles, [...bookings, booking('m', 'v-polo', 4, 8, 'maintenance')], 'Compact', period, 'b'),
    ).toEqual([]);
  });

  it('refuses a window without slots', () => {
    expect(() => layoutCalendar(vehicles, [], { startMs: monday, slotMs: DAY_MS, slots: 0 })).toThrow(/slot/);
  });
});

describe('site days', () => {
  it("starts a day at the site's midnight, across a DST change", () => {
    const noonZurich = Date.UTC(2026, 10, 23, 11); // 12:00 in Zurich (UTC+1)
    expect(startOfSiteDay(noonZurich, 'Europe/Zurich')).toBe(Date.UTC(2026, 10, 22, 23));
    expect(startOfSiteDay(noonZurich, 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 22, 18, 30));
    // 29 March 2026: Zurich moves from UTC+1 to UTC+2; the next midnight is 23 hours later.
    const beforeChange = startOfSiteDay(Date.UTC(2026, 2, 29, 12), 'Europe/Zurich');
    expect(beforeChange).toBe(Date.UTC(2026, 2, 28, 23));
    expect(addSiteDays(beforeChange, 1, 'Europe/Zurich')).toBe(Date.UTC(2026, 2, 29, 22));
  });

  it('adds whole site days to an evening time without skipping a day', () => {
    // 21:05 in Zurich: three days later is 21:05 three dates on, at any hour of the day.
    for (const hour of [0, 6, 12, 17, 20, 22, 23]) {
      const evening = Date.UTC(2026, 11, 4, hour, 5);
      const later = addSiteDays(evening, 3, 'Europe/Zurich');
      expect(later - evening).toBe(3 * 86_400_000);
      expect(addSiteDays(evening, -2, 'Asia/Kolkata')).toBe(evening - 2 * 86_400_000);
    }
  });

  it('turns date and time fields into instants and back', () => {
    const ms = siteDateTimeToMs('2026-11-24', '09:30', 'Europe/Zurich');
    expect(ms).toBe(Date.UTC(2026, 10, 24, 8, 30));
    expect(siteDateString(ms, 'Europe/Zurich')).toBe('2026-11-24');
    expect(() => siteDateTimeToMs('24.11.2026', '09:30', 'Europe/Zurich')).toThrow(/date/);
  });
});

describe('damage marks and photos', () => {
  it('turns a click into a position on the drawing and names the area', () => {
    const box = { left: 100, top: 50, width: 130, height: 260 };
    expect(positionIn(box, 165, 50 + 26)).toEqual({ x: 0.5, y: 0.1 });
    expect(positionIn(box, 0, 9999)).toEqual({ x: 0, y: 1 });
    expect(areaOf({ x: 0.5, y: 0.1 })).toBe('front');
    expect(areaOf({ x: 0.9, y: 0.5 })).toBe('right side');
    expect(areaOf({ x: 0.1, y: 0.9 })).toBe('rear left');
    expect(() => positionIn({ left: 0, top: 0, width: 0, height: 0 }, 1, 1)).toThrow();
  });

  it('accepts photos and says why it refuses a file', () => {
    expect(photoProblem({ name: 'front.png', type: 'image/png', size: 2048 })).toBeNull();
    expect(photoProblem({ name: 'contract.pdf', type: 'application/pdf', size: 2048 })).toMatch(/not a photo/);
    expect(photoProblem({ name: 'iphone.heic', type: 'image/heic', size: 2048 })).toMatch(/PNG, JPEG or WebP/);
    expect(photoProblem({ name: 'empty.jpg', type: 'image/jpeg', size: 0 })).toMatch(/empty/);
    expect(photoProblem({ name: 'huge.jpg', type: 'image/jpeg', size: 16 * 1024 * 1024 })).toMatch(/15 MB/);
  });
});

describe('rental routes', () => {
  it('round-trips every rental route through the URL hash', () => {
    const routes: Route[] = [
      { name: 'rental' },
      { name: 'rental', tab: 'fleet' },
      { name: 'fleet-vehicle', id: 'veh-1' },
      { name: 'renter', id: 'cus-1' },
      { name: 'renter-new' },
      { name: 'reservation', id: 'res-1' },
      { name: 'reservation-new', vehicleId: 'veh-1', renterId: 'cus-1' },
      { name: 'contract', id: 'con-1' },
      { name: 'pickup', reservationId: 'res-1' },
      { name: 'return', contractId: 'con-1' },
    ];
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(expect.objectContaining(route));
    expect(hashToRoute('#/rental?tab=nonsense')).toEqual({ name: 'rental' });
    expect(hashToRoute('#/rental/unknown/x')).toEqual({ name: 'rental' });
  });
});
