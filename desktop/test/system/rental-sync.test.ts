import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '@forecourt/shared';
import { databaseKinds } from '../../../sync-server/test/support/databases.ts';
import { SystemServer } from './system-server.ts';
import { createWorld, divergence, serverRows, settle, type SimDevice, type World } from './world.ts';

/**
 * Issue #7's sync cases with real counters (better-sqlite3 replicas, HTTP, the real server):
 * two sites book the same vehicle offline → both kept and flagged, one conflict item; an online
 * overlap is rejected with its reason; contracts opened offline on two counters get unique
 * numbers; and on PostgreSQL the exclusion constraint refuses two confirmed overlapping bookings.
 */
const random = () => 0.5;
/** Day d of a window that starts 30 days from now: bookings well after the contracts opened below. */
const windowStart = Math.floor(Date.now() / 86_400_000 + 30) * 86_400_000;
const day = (d: number, hour = 9) => new Date(windowStart + d * 86_400_000 + hour * 3_600_000).toISOString();

for (const kind of databaseKinds()) {
  describe(`rental bookings across counters (${kind.name})`, () => {
    let server: SystemServer;
    let world: World;
    let siteA: SimDevice;
    let siteA2: SimDevice;
    let siteB: SimDevice;
    let fleet: { classId: string; vehicleId: string; otherVehicleId: string; renterId: string };

    beforeAll(async () => {
      server = await SystemServer.start(kind);
      world = await createWorld(server, 2, random);
      [siteA, siteA2, siteB] = [world.devices[0]!, world.devices[1]!, world.devices[2]!];
      await settle(world); // every counter has the company, sites and users
      const owner = world.devices.at(-1)!;
      const { classId } = owner.counter.mutate('rental.classCreate', {
        code: 'compact',
        name: 'Compact',
        dailyMinor: 250_000,
        extraKmMinor: 1_000,
        depositMinor: 500_000,
        minAge: 21,
        minLicenceYears: 1,
      }) as { classId: string };
      const vehicle = (plate: string) =>
        (
          owner.counter.mutate('rental.vehicleCreate', {
            siteId: world.sites[0],
            classId,
            plate,
            make: 'Maruti',
            model: 'Swift',
            fuelType: 'petrol',
            odometerKm: 5_000,
          }) as { vehicleId: string }
        ).vehicleId;
      const vehicleId = vehicle('KA01AB1234');
      const otherVehicleId = vehicle('KA01AB5678');
      const { customerId: renterId } = owner.counter.mutate('rental.customerCreate', {
        name: 'Priya Nair',
        birthDate: '1992-03-04',
        licenceNumber: 'KA0120100012345',
        licenceIssued: '2012-01-10',
        phone: '+919845012345',
      }) as { customerId: string };
      fleet = { classId, vehicleId, otherVehicleId, renterId };
      await settle(world);
    });
    afterAll(async () => {
      await world?.close();
      await server?.close();
    });

    const reserve = (device: SimDevice, from: number, to: number, madeOffline: boolean) =>
      device.counter.mutate('rental.reservationCreate', {
        customerId: fleet.renterId,
        classId: fleet.classId,
        vehicleId: fleet.vehicleId,
        startsAt: day(from),
        endsAt: day(to),
        madeOffline,
      }) as { reservationId: string; status: string };

    it('keeps two offline bookings of one vehicle from two sites, flags both, and raises one conflict', async () => {
      siteA.network.partitioned = true;
      siteB.network.partitioned = true;
      const a = reserve(siteA, 1, 4, true);
      const b = reserve(siteB, 3, 6, true);
      expect([a.status, b.status]).toEqual(['tentative', 'tentative']);
      await settle(world);

      const all = await serverRows(world, world.devices.at(-1)!, 'rental_reservations');
      const mine = all.filter((row: Row) => [a.reservationId, b.reservationId].includes(row.id));
      expect(mine.map((row) => row.double_booked)).toEqual([true, true]);
      expect(mine.map((row) => row.status).sort()).toEqual(['confirmed', 'tentative']);
      const flagged = mine.find((row) => row.status === 'tentative')!;
      const conflicts = (await serverRows(world, world.devices.at(-1)!, 'conflicts')).filter(
        (row) => row.field === 'double_booked' && row.row_id === flagged.id,
      );
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.winning_value).toEqual({
        value: { freeVehicles: [{ id: fleet.otherVehicleId, plate: 'KA01AB5678' }] },
      });
      // Every counter shows the same: both flagged bookings, and the conflict on the sites that see it.
      for (const device of world.devices) expect(await divergence(world, device)).toEqual([]);
      expect(siteB.counter.get('rental_reservations', a.reservationId)).toMatchObject({ double_booked: true });

      // Resolving: the flagged booking moves to the free vehicle; the conflict is closed.
      const holder = flagged.id === b.reservationId ? siteB : siteA;
      holder.counter.mutate('rental.reservationReassign', {
        reservationId: flagged.id,
        vehicleId: fleet.otherVehicleId,
      });
      await settle(world);
      const moved = (await serverRows(world, world.devices.at(-1)!, 'rental_reservations')).find(
        (row) => row.id === flagged.id,
      );
      expect(moved).toMatchObject({ vehicle_id: fleet.otherVehicleId, status: 'confirmed', double_booked: false });
    });

    it('rejects a booking made online that overlaps one the server already has, with the reason', async () => {
      const first = reserve(siteA, 10, 12, false);
      await siteA.counter.syncNow();
      expect(siteA.counter.get('rental_reservations', first.reservationId)).toMatchObject({ status: 'confirmed' });
      // Site B has not pulled it yet, so its replica lets the booking through locally.
      const second = reserve(siteB, 11, 13, false);
      await siteB.counter.syncNow();
      expect(siteB.counter.get('rental_reservations', second.reservationId)).toBeNull();
      const rejection = siteB.counter.status().rejections.find((entry) => entry.name === 'rental.reservationCreate');
      expect(rejection?.message).toContain('KA01AB1234 is booked');
      await settle(world);
    });

    it('numbers contracts opened offline on two counters of one site without a collision', async () => {
      siteA.network.partitioned = true;
      siteA2.network.partitioned = true;
      const open = (device: SimDevice, vehicleId: string) =>
        device.counter.mutate('rental.contractOpen', {
          customerId: fleet.renterId,
          vehicleId,
          dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          kmOut: 5_000,
          fuelOut: 8,
          damagesOut: [],
          deductibleMinor: 1_000_000,
          termsVersion: '2026-01',
        }) as { contractId: string; number: string };
      const one = open(siteA, fleet.vehicleId);
      const two = open(siteA2, fleet.otherVehicleId);
      expect(one.number).not.toBe(two.number);
      await settle(world);
      const contracts = await serverRows(world, world.devices.at(-1)!, 'rental_contracts');
      expect(contracts.map((row) => row.number).sort()).toEqual([one.number, two.number].sort());
      for (const device of world.devices) expect(await divergence(world, device)).toEqual([]);
    });

    it.skipIf(kind.name !== 'postgres')(
      'refuses two confirmed overlapping bookings in the database itself',
      async () => {
        const [row] = (await serverRows(world, world.devices.at(-1)!, 'rental_reservations')).filter(
          (each) => each.status === 'confirmed' && each.vehicle_id === fleet.vehicleId,
        );
        // The same booking under another id: the exclusion constraint, not the primary key, refuses it.
        const copy = await server.db
          .query(
            `INSERT INTO rental_reservations
           SELECT (jsonb_populate_record(r, jsonb_build_object('id', 'copy-' || r.id))).* FROM rental_reservations r WHERE r.id = $1`,
            [row!.id],
          )
          .catch((error: { code?: string }) => error);
        expect((copy as { code?: string }).code).toBe('23P01'); // exclusion_violation
      },
    );
  });
}
