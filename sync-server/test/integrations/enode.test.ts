import { createHmac } from 'node:crypto';
import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeEvState } from '../../src/integrations/providers/enode/ev-state.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { ENODE_CLIENT, enodeEnv, enodeFake } from './fakes/enode-fake.ts';
import type { HttpFake } from './fakes/http-fake.ts';
import { ownerHeaders, SECRETS, startIntegrationServer, waitFor } from './support.ts';

const at = (minute: number) => `2026-03-01T08:${String(minute).padStart(2, '0')}:00.000Z`;

function vehicle(
  id: string,
  minute: number,
  values: {
    battery?: number | null;
    range?: number | null;
    odometer?: number | null;
    charging?: boolean | null;
    location?: [number, number] | null;
  } = {},
) {
  return {
    id,
    information: { vin: 'WVWZZZ1KZAW000001', brand: 'Volkswagen', model: 'ID.4', year: 2024 },
    chargeState: {
      batteryLevel: values.battery ?? null,
      range: values.range ?? null,
      isPluggedIn: values.charging ?? null,
      isCharging: values.charging ?? null,
      lastUpdated: at(minute),
    },
    odometer: { distance: values.odometer ?? null, lastUpdated: at(minute) },
    location: values.location
      ? { latitude: values.location[0], longitude: values.location[1], lastUpdated: at(minute) }
      : { latitude: null, longitude: null, lastUpdated: null },
  };
}

describe('EV state merge', () => {
  const empty = { id: 'v', tenant_id: 't', charge_state_at: null, odometer_at: null, location_at: null };
  it('keeps known values when a report has nulls, and ignores an older report', () => {
    const first = mergeEvState(
      empty,
      vehicle('e', 10, { battery: 80.4, range: 310, odometer: 12_000, charging: false, location: [12.97, 77.59] }),
    );
    expect(first).toMatchObject({
      battery_percent: 80,
      range_km: 310,
      odometer_km: 12_000,
      plugged_in: false,
      location: { latitude: 12.97, longitude: 77.59 },
      charge_state_at: at(10),
    });
    const stored = { ...empty, ...first };
    expect(mergeEvState(stored, vehicle('e', 5, { battery: 20, odometer: 11_000 }))).toBeNull();
    expect(mergeEvState(stored, vehicle('e', 20, { battery: 75 }))).toEqual({
      battery_percent: 75,
      charge_state_at: at(20),
    });
  });
});

for (const kind of databaseKinds()) {
  describe(`Enode EV data (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let fake: HttpFake;
    let vehicleId: string;
    const vehicles = new Map<string, unknown[]>();
    const enodeVehicleId = `enode-veh-${uuidv7().slice(-8)}`;
    const state = async () =>
      (await server.db.query('SELECT * FROM vehicle_ev_state WHERE vehicle_id = $1', [vehicleId])).rows[0];
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
    const updated = (minute: number, values: Parameters<typeof vehicle>[2]) => ({
      event: 'user:vehicle:updated',
      createdAt: at(minute),
      version: '2024-10-01',
      user: { id: vehicleId },
      vehicle: vehicle(enodeVehicleId, minute, values),
    });

    beforeAll(async () => {
      fake = enodeFake(vehicles);
      await fake.start();
      server = await startIntegrationServer(kind, { ...enodeEnv(fake), INTEGRATIONS_RECONCILE_SECONDS: '1' });
      tenant = await seedTenant(server);
      vehicleId = uuidv7();
      const now = new Date(server.clock()).toISOString();
      await server.engine.writeRows(tenant.tenantId, [
        {
          table: 'vehicles',
          row: completeRow(tableSpec('vehicles'), {
            id: vehicleId,
            tenant_id: tenant.tenantId,
            site_id: tenant.siteId,
            registration: 'KA01EV0001',
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

    it('opens a link session for a fleet vehicle with a cached client-credentials token', async () => {
      const headers = await ownerHeaders(server, tenant);
      const link = () =>
        server.app.inject({ method: 'POST', url: '/api/v1/integrations/enode/links', headers, payload: { vehicleId } });
      const first = await link();
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ data: { linkUrl: `https://link.enode.example/${vehicleId}` } });
      expect((await link()).statusCode).toBe(201);
      const tokenCalls = fake.requests('POST', '/oauth2/token');
      expect(tokenCalls).toHaveLength(1);
      expect(tokenCalls[0]?.headers.authorization).toBe(
        `Basic ${Buffer.from(`${ENODE_CLIENT.id}:${ENODE_CLIENT.secret}`).toString('base64')}`,
      );
      expect(
        fake
          .requests('POST', `/users/${vehicleId}/link`)
          .every((request) => request.headers.authorization === 'Bearer enode-token-1'),
      ).toBe(true);
    });

    it('keeps battery, range, charging, odometer and location with their own times; nulls and late events change nothing', async () => {
      await post([
        updated(10, { battery: 64, range: 250, odometer: 20_100, charging: true, location: [12.9716, 77.5946] }),
      ]);
      expect(await state()).toMatchObject({
        battery_percent: 64,
        range_km: 250,
        charging: true,
        plugged_in: true,
        odometer_km: 20_100,
        location: { latitude: 12.9716, longitude: 77.5946 },
        charge_state_at: at(10),
        odometer_at: at(10),
        location_at: at(10),
        link_status: 'linked',
        provider_vehicle_id: enodeVehicleId,
      });
      await post([updated(15, { battery: null, range: null, odometer: 20_150 })]);
      expect(await state()).toMatchObject({
        battery_percent: 64,
        range_km: 250,
        odometer_km: 20_150,
        odometer_at: at(15),
        charge_state_at: at(10),
      });
      await post([updated(8, { battery: 10, odometer: 1 })]);
      expect(await state()).toMatchObject({ battery_percent: 64, odometer_km: 20_150 });
      const logged = await server.db.query(
        "SELECT count(*)::int AS n FROM change_log WHERE table_name = 'vehicle_ev_state' AND row_id = $1",
        [vehicleId],
      );
      expect(logged.rows[0]).toEqual({ n: 2 });
    });

    it('applies out-of-order events of one delivery monotonically', async () => {
      await post([updated(40, { battery: 90 }), updated(30, { battery: 50 })]);
      expect(await state()).toMatchObject({ battery_percent: 90, charge_state_at: at(40) });
    });

    it('re-fetches vehicles on reconciliation (events Enode gave up on)', async () => {
      vehicles.set(vehicleId, [vehicle(enodeVehicleId, 50, { battery: 33, range: 120 })]);
      await waitFor(
        async () => ((await state())?.battery_percent === 33 ? true : undefined),
        20_000,
        'reconciled battery level',
      );
      expect(fake.requests('GET', `/users/${vehicleId}/vehicles`).at(-1)?.headers.authorization).toMatch(
        /^Bearer enode-token-/,
      );
    });

    it('shows invalidated credentials on the vehicle', async () => {
      await post([
        { event: 'user:credentials:invalidated', createdAt: at(55), user: { id: vehicleId }, vendor: 'VOLKSWAGEN' },
      ]);
      expect((await state())?.link_status).toBe('credentials-invalid');
    });
  });
}
