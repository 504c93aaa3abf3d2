import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@forecourt/shared';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant } from './fixtures.ts';

for (const kind of databaseKinds()) {
  describe(`push (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
      await engine.start();
    });
    afterAll(async () => {
      await engine.stop();
      await test.drop();
    });

    it('applies a mutation once, and a replayed push applies nothing twice', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const customerId = uuidv7();
      const create = client.mutation(
        'customer.create',
        { name: 'Asha Rao', phone: '+919812345678' },
        { ids: [customerId] },
      );
      const first = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [create],
      });
      expect(first.outcomes).toEqual([{ id: 1, status: 'applied' }]);
      const replay = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [create],
      });
      expect(replay.lastMutationId).toBe(1);
      const rows = await test.db.query('SELECT id FROM customers WHERE tenant_id = $1', [seed.tenantId]);
      expect(rows.rows).toEqual([{ id: customerId }]);
      const log = await test.db.query('SELECT count(*)::int AS n FROM change_log WHERE row_id = $1', [customerId]);
      expect(log.rows[0]).toEqual({ n: 1 });
    });

    it('stops a batch at a gap without applying what follows', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const one = client.mutation('customer.create', { name: 'One' });
      client.mutation('customer.create', { name: 'Lost in transit' });
      const three = client.mutation('customer.create', { name: 'Three' });
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [one, three],
      });
      expect(result).toMatchObject({ lastMutationId: 1, stoppedAt: 3 });
      const names = await test.db.query('SELECT name FROM customers WHERE tenant_id = $1', [seed.tenantId]);
      expect(names.rows).toEqual([{ name: 'One' }]);
    });

    it('records a rejection with its reason and still applies the mutations behind it', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const ownerOnly = client.mutation('site.update', { siteId: seed.siteA, name: 'Renamed by staff' });
      const fine = client.mutation('customer.create', { name: 'Still applied' });
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [ownerOnly, fine],
      });
      expect(result.lastMutationId).toBe(2);
      expect(result.outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      expect(result.outcomes[0]?.error?.message).toMatch(/owner/);
      expect(result.outcomes[1]).toMatchObject({ status: 'applied' });
      const site = await test.db.query('SELECT name FROM sites WHERE id = $1', [seed.siteA]);
      expect(site.rows[0]).toEqual({ name: 'Bengaluru' });
      const replay = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [ownerOnly],
      });
      expect(replay.outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    });

    it('takes the role from the server, not from the counter, and refuses deactivated users', async () => {
      const seed = await seedTenant(test.db, engine);
      const owner = new ScriptedClient(seed.devices.counterA, seed.users.owner);
      const asOwner = await engine.push(seed.devices.counterA, seed.users.owner, {
        clientId: owner.clientId,
        mutations: [owner.mutation('site.update', { siteId: seed.siteA, name: 'BLR Main' })],
      });
      expect(asOwner.outcomes[0]?.status).toBe('applied');
      await test.db.query('UPDATE users SET active = false WHERE id = $1', [seed.users.staffA]);
      const staff = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const refused = await engine.push(seed.devices.counterA, null, {
        clientId: staff.clientId,
        mutations: [staff.mutation('customer.create', { name: 'After deactivation' })],
      });
      expect(refused.outcomes[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'forbidden', message: expect.stringMatching(/deactivated/) },
      });
    });

    it('refuses an actor who never signed in on the device, and work on another site', async () => {
      const seed = await seedTenant(test.db, engine);
      await test.db.query('DELETE FROM device_users WHERE device_id = $1 AND user_id = $2', [
        seed.devices.counterA.deviceId,
        seed.users.managerA,
      ]);
      const stranger = new ScriptedClient(seed.devices.counterA, seed.users.managerA);
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: stranger.clientId,
        mutations: [stranger.mutation('customer.create', { name: 'Ghost' })],
      });
      expect(result.outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      const wrongSite = new ScriptedClient(seed.devices.counterA, seed.users.staffB);
      const other = await engine.push(seed.devices.counterA, seed.users.staffB, {
        clientId: wrongSite.clientId,
        mutations: [wrongSite.mutation('customer.create', { name: 'Cross-site' })],
      });
      expect(other.outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      const siteWrite = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const foreign = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: siteWrite.clientId,
        mutations: [siteWrite.mutation('customer.create', { name: 'Smuggled', siteId: seed.siteB })],
      });
      expect(foreign.outcomes[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    });

    it('refuses a client id that another device registered', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [client.mutation('customer.create', { name: 'A' })],
      });
      await expect(
        engine.push(seed.devices.counterA2, seed.users.staffA, {
          clientId: client.clientId,
          mutations: [client.mutation('customer.create', { name: 'B' })],
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('clamps a clock days ahead and flags it, without refusing the mutation', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA, Date.parse('2026-12-25T00:00:00Z'));
      const customerId = uuidv7();
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [client.mutation('customer.create', { name: 'Future' }, { ids: [customerId] })],
      });
      expect(result.outcomes[0]).toEqual({ id: 1, status: 'applied', clockClamped: true });
      const row = await test.db.query<{ created_at: string }>('SELECT created_at FROM customers WHERE id = $1', [
        customerId,
      ]);
      expect(row.rows[0]?.created_at.localeCompare('2026-12-01')).toBe(-1);
    });
  });
}
