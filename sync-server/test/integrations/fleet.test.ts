import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_CONTRACT } from '../../src/integrations/providers/fleet/contract.ts';
import { inMemoryFleetPlatform } from '../../src/integrations/providers/fleet/platform.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { startIntegrationServer, waitFor } from './support.ts';

describe('fleet platform contract (fake)', () => {
  it.each(FLEET_CONTRACT.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    await entry.check(inMemoryFleetPlatform());
  });
});

for (const kind of databaseKinds()) {
  describe(`vehicles pushed to the fleet platform (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    const pushes = async (vehicleId: string) =>
      (
        await server.db.query<{ status: string; idempotency_key: string; response: { externalId?: string } | null }>(
          "SELECT status, idempotency_key, response FROM outbound_calls WHERE operation = 'fleet.upsert' AND entity_key = $1 ORDER BY created_at",
          [vehicleId],
        )
      ).rows;
    const writeVehicle = async (id: string, registration: string) => {
      const now = new Date(server.clock()).toISOString();
      await server.engine.writeRows(tenant.tenantId, [
        {
          table: 'vehicles',
          row: completeRow(tableSpec('vehicles'), {
            id,
            tenant_id: tenant.tenantId,
            site_id: tenant.siteId,
            registration,
            created_at: now,
            updated_at: now,
          }),
        },
      ]);
    };

    beforeAll(async () => {
      server = await startIntegrationServer(kind, { FLEET_PUSH: 'on' });
      tenant = await seedTenant(server);
    });
    afterAll(async () => server?.close());

    it('pushes a created and then an updated vehicle by jobs, keeping its external id', async () => {
      const id = uuidv7();
      await writeVehicle(id, 'KA01FL0001');
      const [created] = await waitFor(
        async () => {
          const rows = await pushes(id);
          return rows.length === 1 && rows[0]?.status === 'done' ? rows : undefined;
        },
        20_000,
        'the first push',
      );
      await writeVehicle(id, 'KA01FL0002');
      const rows = await waitFor(
        async () => {
          const all = await pushes(id);
          return all.length === 2 && all.every((row) => row.status === 'done') ? all : undefined;
        },
        20_000,
        'the second push',
      );
      expect(rows[1]?.response?.externalId).toBe(created?.response?.externalId);
      expect(new Set(rows.map((row) => row.idempotency_key)).size).toBe(2);
    });
  });
}
