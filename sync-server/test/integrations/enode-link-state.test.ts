import { createHmac } from 'node:crypto';
import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice, seedTenant, seedUser, signInOn, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { enodeEnv, enodeFake } from './fakes/enode-fake.ts';
import type { HttpFake } from './fakes/http-fake.ts';
import { ownerHeaders, SECRETS, startIntegrationServer, waitFor } from './support.ts';

/** The owner's "Link EV data" panel on a rental fleet car: the link's state and unlinking. */
for (const kind of databaseKinds()) {
  describe(`Enode link state of a rental vehicle (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let fake: HttpFake;
    let owner: Record<string, string>;
    const carId = uuidv7();
    const secondCarId = uuidv7();
    const url = (id: string) => `/api/v1/integrations/enode/links/${id}`;
    const request = (method: 'GET' | 'POST' | 'DELETE', id: string, headers: Record<string, string>) =>
      server.app.inject(
        method === 'POST'
          ? { method, url: '/api/v1/integrations/enode/links', headers, payload: { vehicleId: id } }
          : { method, url: url(id), headers },
      );
    const state = async (id: string, headers = owner) => {
      const response = await request('GET', id, headers);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ data: Record<string, unknown> }>().data;
    };
    const headersOf = async (role: 'manager' | 'staff') => {
      const user = await seedUser(server, tenant, role);
      const device = await enrolTestDevice(server, { siteId: tenant.siteId });
      const session = await signInOn(server, device, user.email);
      return { authorization: device.authorization, 'x-user-token': session.accessToken };
    };
    const rentalCar = (id: string, tenantId: string, siteId: string, plate: string) => {
      const now = new Date(server.clock()).toISOString();
      return {
        table: 'rental_vehicles' as const,
        row: completeRow(tableSpec('rental_vehicles'), {
          id,
          tenant_id: tenantId,
          site_id: siteId,
          class_id: uuidv7(),
          plate,
          make: 'Tata',
          model: 'Nexon EV',
          fuel_type: 'ev',
          odometer_km: 8000,
          status: 'available',
          created_at: now,
          updated_at: now,
        }),
      };
    };

    beforeAll(async () => {
      fake = enodeFake(new Map());
      await fake.start();
      server = await startIntegrationServer(kind, enodeEnv(fake));
      tenant = await seedTenant(server);
      other = await seedTenant(server);
      await server.engine.writeRows(tenant.tenantId, [
        rentalCar(carId, tenant.tenantId, tenant.siteId, 'KA01EV1001'),
        rentalCar(secondCarId, tenant.tenantId, tenant.siteId, 'KA01EV1002'),
      ]);
      owner = await ownerHeaders(server, tenant);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('goes from none to pending to linked, with the time of the car’s last reading', async () => {
      expect(await state(carId)).toEqual({
        state: 'none',
        reason: null,
        linkExpiresAt: null,
        lastReadingAt: null,
        sandbox: false,
      });
      expect((await request('POST', carId, owner)).statusCode).toBe(201);
      expect(await state(carId)).toMatchObject({
        state: 'pending',
        linkExpiresAt: new Date(server.clock() + 24 * 3_600_000).toISOString(),
      });

      const body = JSON.stringify([
        {
          event: 'user:vehicle:discovered',
          createdAt: '2026-03-01T09:05:00.000Z',
          user: { id: carId },
          vehicle: {
            id: 'enode-car-1001',
            chargeState: { batteryLevel: 81, range: 320, lastUpdated: '2026-03-01T09:04:00.000Z' },
            odometer: { distance: 8123, lastUpdated: '2026-03-01T09:03:00.000Z' },
          },
        },
      ]);
      const delivered = await server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/enode',
        headers: {
          'content-type': 'application/json',
          'x-enode-signature': `sha1=${createHmac('sha1', SECRETS.enode[0]).update(body).digest('hex')}`,
        },
        payload: body,
      });
      expect(delivered.statusCode).toBe(200);
      const linked = await waitFor(
        async () => {
          const current = await state(carId);
          // The link is marked before the reading is written (two steps of the effect): wait for both.
          return current.state === 'linked' && current.lastReadingAt ? current : undefined;
        },
        15_000,
        'the link to be reported',
      );
      expect(linked).toMatchObject({ state: 'linked', lastReadingAt: '2026-03-01T09:04:00.000Z', reason: null });
    });

    it('is the owner’s only: managers and staff are refused on every route', async () => {
      for (const role of ['manager', 'staff'] as const) {
        const headers = await headersOf(role);
        for (const method of ['GET', 'POST', 'DELETE'] as const) {
          const response = await request(method, carId, headers);
          expect(response.statusCode, `${role} ${method}`).toBe(403);
        }
      }
      expect((await state(carId)).state).toBe('linked');
    });

    it('keeps tenants apart: another owner neither sees, links nor unlinks this car', async () => {
      const stranger = await ownerHeaders(server, other);
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const response = await request(method, carId, stranger);
        expect(response.statusCode, method).toBe(404);
        expect(response.body).not.toContain('enode-car-1001');
      }
      expect(fake.received.filter((r) => r.method === 'DELETE')).toEqual([]);
      expect((await state(carId)).state).toBe('linked');
    });

    it('unlinks at Enode first, then forgets the link; a second unlink changes nothing', async () => {
      const response = await request('DELETE', carId, owner);
      expect(response.json()).toEqual({ data: { unlinked: true }, error: null });
      expect(fake.received.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/users/${carId}`]);
      expect((await state(carId)).state).toBe('none');
      expect((await request('DELETE', carId, owner)).json()).toEqual({ data: { unlinked: false }, error: null });
      // A new link is pending without the last link's readings.
      expect((await request('POST', carId, owner)).statusCode).toBe(201);
      expect(await state(carId)).toMatchObject({ state: 'pending', lastReadingAt: null });
    });

    it('says the link failed when its page expired before a car was linked', async () => {
      expect((await request('POST', secondCarId, owner)).statusCode).toBe(201);
      expect((await state(secondCarId)).state).toBe('pending');
      server.clock.advance(24 * 3_600_000 + 1_000);
      owner = await ownerHeaders(server, tenant); // the earlier access token expired meanwhile
      expect(await state(secondCarId)).toMatchObject({
        state: 'failed',
        reason: 'The link page expired before a car was linked. Make a new one.',
      });
    });
  });
}
