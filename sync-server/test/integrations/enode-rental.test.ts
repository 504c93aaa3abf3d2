import { createHmac } from 'node:crypto';
import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRentalEv } from '../../src/integrations/providers/enode/rental-ev.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { enodeEnv, enodeFake } from './fakes/enode-fake.ts';
import type { HttpFake } from './fakes/http-fake.ts';
import { ownerHeaders, SECRETS, startIntegrationServer, waitFor } from './support.ts';

const at = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

function report(id: string, minute: number, values: { battery?: number | null; odometer?: number | null }) {
  return {
    id,
    chargeState: {
      batteryLevel: values.battery ?? null,
      range: values.battery === null || values.battery === undefined ? null : values.battery * 4,
      isPluggedIn: values.battery === null || values.battery === undefined ? null : false,
      isCharging: values.battery === null || values.battery === undefined ? null : false,
      lastUpdated: at(minute),
    },
    odometer: { distance: values.odometer ?? null, lastUpdated: at(minute) },
    location: { latitude: 12.97, longitude: 77.59, lastUpdated: at(minute) },
  };
}

describe('rental EV merge', () => {
  it('maps a report onto the ev_* columns, without location, and ignores an older one', () => {
    const first = mergeRentalEv({ id: 'r', tenant_id: 't' }, report('e', 10, { battery: 70, odometer: 8000 }));
    expect(first).toEqual({
      ev_battery_percent: 70,
      ev_range_km: 280,
      ev_plugged_in: false,
      ev_charging: false,
      ev_charge_at: at(10),
      ev_odometer_km: 8000,
      ev_odometer_at: at(10),
    });
    const stored = { id: 'r', tenant_id: 't', ...first };
    expect(mergeRentalEv(stored, report('e', 5, { battery: 20, odometer: 7000 }))).toBeNull();
    expect(mergeRentalEv(stored, report('e', 20, { odometer: 8100 }))).toEqual({
      ev_odometer_km: 8100,
      ev_odometer_at: at(20),
    });
  });
});

for (const kind of databaseKinds()) {
  describe(`Enode EV data on a rental vehicle (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let fake: HttpFake;
    const rentalVehicleId = uuidv7();
    const enodeVehicleId = `enode-rent-${uuidv7().slice(-8)}`;
    const rentalRow = async () =>
      (await server.db.query('SELECT * FROM rental_vehicles WHERE id = $1', [rentalVehicleId])).rows[0];
    const post = async (events: unknown[]) => {
      const body = JSON.stringify(events);
      const signature = `sha1=${createHmac('sha1', SECRETS.enode[0]).update(body).digest('hex')}`;
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/enode',
        headers: { 'content-type': 'application/json', 'x-enode-signature': signature },
        payload: body,
      });
      expect(response.statusCode).toBe(200);
      await waitFor(
        async () =>
          (
            await server.db.query(
              "SELECT 1 FROM webhook_inbox WHERE provider = 'enode' AND status IN ('queued', 'retrying')",
            )
          ).rows.length === 0,
      );
    };
    const updated = (minute: number, values: Parameters<typeof report>[2]) => ({
      event: 'user:vehicle:updated',
      createdAt: at(minute),
      version: '2024-10-01',
      user: { id: rentalVehicleId },
      vehicle: report(enodeVehicleId, minute, values),
    });

    beforeAll(async () => {
      fake = enodeFake(new Map());
      await fake.start();
      server = await startIntegrationServer(kind, enodeEnv(fake));
      tenant = await seedTenant(server);
      const now = new Date(server.clock()).toISOString();
      await server.engine.writeRows(tenant.tenantId, [
        {
          table: 'rental_vehicles',
          row: completeRow(tableSpec('rental_vehicles'), {
            id: rentalVehicleId,
            tenant_id: tenant.tenantId,
            site_id: tenant.siteId,
            class_id: uuidv7(),
            plate: 'KA01EV7777',
            make: 'Tata',
            model: 'Nexon EV',
            fuel_type: 'ev',
            odometer_km: 8000,
            fuel_level: 60,
            status: 'available',
            created_at: now,
            updated_at: now,
          }),
        },
      ]);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('links a rental vehicle and records that it is one', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/enode/links',
        headers: await ownerHeaders(server, tenant),
        payload: { vehicleId: rentalVehicleId },
      });
      expect(response.statusCode).toBe(201);
      const link = await server.db.query('SELECT vehicle_table, site_id FROM enode_links WHERE vehicle_id = $1', [
        rentalVehicleId,
      ]);
      expect(link.rows[0]).toEqual({ vehicle_table: 'rental_vehicles', site_id: tenant.siteId });
    });

    it('writes the readings onto the rental vehicle; an older event changes nothing; a counter pulls them', async () => {
      const cursor = await server.engine.currentVersion();
      await post([updated(30, { battery: 64, odometer: 8240 })]);
      expect(await rentalRow()).toMatchObject({
        ev_battery_percent: 64,
        ev_range_km: 256,
        ev_charge_at: at(30),
        ev_odometer_km: 8240,
        ev_odometer_at: at(30),
        odometer_km: 8000,
        fuel_level: 60,
      });
      await post([updated(20, { battery: 10, odometer: 1 }), updated(35, { battery: null, odometer: 8260 })]);
      expect(await rentalRow()).toMatchObject({
        ev_battery_percent: 64,
        ev_charge_at: at(30),
        ev_odometer_km: 8260,
        ev_odometer_at: at(35),
      });
      const counter = {
        tenantId: tenant.tenantId,
        deviceId: uuidv7(),
        deviceCode: 'EVC1A',
        siteId: tenant.siteId,
        scope: 'site' as const,
      };
      const page = await server.engine.pull(counter, { clientId: uuidv7(), cursor });
      const pulled = page.changes.filter(
        (change) => change.table === 'rental_vehicles' && change.id === rentalVehicleId,
      );
      expect(pulled).toHaveLength(2);
      expect(pulled.at(-1)?.row).toMatchObject({ ev_battery_percent: 64, ev_odometer_km: 8260, plate: 'KA01EV7777' });
      expect(pulled.at(-1)?.row).not.toHaveProperty('location');
    });
  });
}
