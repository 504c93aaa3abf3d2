import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import { busyPeriods, dailyAvailability } from '@forecourt/shared/domain/rental/index';
import { fleetCalendar } from '../../src/core/rental/fleet-calendar.ts';
import { createReplicaFixture, type ReplicaFixture } from './support/replica-fixture.ts';

/**
 * The calendar reads the replica with windowed, covering queries and lays bookings out per day;
 * whatever the bookings, its free counts must equal the pure rule (dailyAvailability) computed
 * from every row, and each day of a vehicle must list exactly the bookings that overlap it.
 */
describe('fleet calendar on the replica', () => {
  let f: ReplicaFixture;
  beforeEach(() => {
    f = createReplicaFixture();
  });
  afterEach(() => f.close());

  const DAY = 86_400_000;
  const from = Date.UTC(2026, 11, 1);
  const at = (hours: number) => new Date(from + hours * 3_600_000).toISOString();
  const put = (table: TableName, values: Record<string, unknown>): Row => {
    const row = completeRow(tableSpec(table), {
      id: uuidv7(),
      tenant_id: f.identity.tenantId,
      created_at: at(0),
      updated_at: at(0),
      ...values,
    });
    f.replica.store().put(table, row);
    return row;
  };

  it('agrees with the pure availability rule for any bookings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            vehicle: fc.nat(3),
            startHour: fc.integer({ min: -300, max: 400 }),
            hours: fc.integer({ min: 1, max: 200 }),
            kind: fc.constantFrom('confirmed', 'tentative', 'cancelled', 'open', 'maintenance'),
          }),
          { maxLength: 25 },
        ),
        (bookings) => {
          f.replica.db.exec(
            'DELETE FROM rental_vehicles; DELETE FROM rental_reservations; DELETE FROM rental_contracts; DELETE FROM rental_maintenance',
          );
          const vehicles = [0, 1, 2, 3].map((n) =>
            put('rental_vehicles', {
              site_id: f.siteId,
              class_id: n < 2 ? 'class-a' : 'class-b',
              plate: `ZH ${n}`,
              make: 'VW',
              model: 'Golf',
              fuel_type: 'petrol',
              odometer_km: 1,
              status: n === 3 ? 'out_of_service' : 'available',
            }),
          );
          for (const booking of bookings) {
            const vehicleId = vehicles[booking.vehicle]!.id;
            const start = at(booking.startHour);
            const end = at(booking.startHour + booking.hours);
            if (booking.kind === 'maintenance')
              put('rental_maintenance', { vehicle_id: vehicleId, starts_at: start, ends_at: end, reason: 'x' });
            else if (booking.kind === 'open')
              put('rental_contracts', {
                site_id: f.siteId,
                return_site_id: f.siteId,
                number: 'C',
                series: 's',
                seq: 1,
                customer_id: 'c',
                additional_driver_ids: [],
                vehicle_id: vehicleId,
                class_id: 'class-a',
                status: 'open',
                opened_at: start,
                due_at: end,
                km_out: 1,
                fuel_out: 8,
                damages_out: [],
                accessories: [],
                rates: {},
                deductible_minor: 0,
                deposit_minor: 0,
                terms_version: '1',
                photos_out: [],
                currency: 'CHF',
                opened_by: 'u',
              });
            else
              put('rental_reservations', {
                site_id: f.siteId,
                return_site_id: f.siteId,
                number: 'R',
                customer_id: 'c',
                class_id: 'class-a',
                vehicle_id: vehicleId,
                starts_at: start,
                ends_at: end,
                status: booking.kind,
                double_booked: false,
                made_offline: false,
                extras: [],
                quote_minor: 1,
                deposit_minor: 0,
                currency: 'CHF',
              });
          }
          const calendar = fleetCalendar(f.replica.db, f.identity.tenantId, '2026-12-01', 10);
          const store = f.replica.store();
          const busy = busyPeriods({
            reservations: store.find('rental_reservations', {}),
            contracts: store.find('rental_contracts', {}),
            maintenance: store.find('rental_maintenance', {}),
          });
          expect(calendar.freePerClass).toEqual(dailyAvailability(vehicles, busy, '2026-12-01', 10));
          for (const vehicle of vehicles) {
            const vehicleDays = calendar.days.get(vehicle.id)!;
            for (let d = 0; d < 10; d++) {
              const day = {
                start: new Date(from + d * DAY).toISOString(),
                end: new Date(from + (d + 1) * DAY).toISOString(),
              };
              const expected = busy
                .filter((entry) => entry.vehicleId === vehicle.id && entry.start < day.end && day.start < entry.end)
                .map((entry) => entry.id)
                .sort();
              expect(vehicleDays[d]!.map((entry) => entry.id).sort()).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
