import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@forecourt/shared';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant } from './fixtures.ts';

/**
 * Push inserts fresh rows without reading first (docs/performance.md); a key that exists after all
 * must still give exactly the careful outcome, and leave nothing of the mutation behind.
 */
for (const kind of databaseKinds()) {
  describe(`push inserts that meet an existing id (${kind.name})`, () => {
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

    it('rejects the clash as "already exists" in the same push and applies what follows', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const customerId = uuidv7();
      const first = client.mutation('customer.create', { name: 'Asha Rao' }, { ids: [customerId] });
      const clash = client.mutation('customer.create', { name: 'Same id again' }, { ids: [customerId] });
      const after = client.mutation('customer.create', { name: 'Still applied' });
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [first, clash, after],
      });
      expect(result.lastMutationId).toBe(3);
      expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(result.outcomes[1]?.error).toEqual({
        code: 'conflict',
        message: `customers ${customerId} already exists`,
      });
      const names = await test.db.query('SELECT name FROM customers WHERE tenant_id = $1 ORDER BY name', [
        seed.tenantId,
      ]);
      expect(names.rows).toEqual([{ name: 'Asha Rao' }, { name: 'Still applied' }]);
    });

    it('rolls back the rows a clashing mutation wrote before the clash', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const customer = client.mutation('customer.create', { name: 'Ravi' });
      const customerId = customer.env.ids[0] ?? '';
      const updateId = uuidv7();
      const first = client.mutation('job.create', { customerId }, { ids: [uuidv7(), updateId], seq: true });
      // job.create writes the job, then its timeline entry, whose id the first job's entry has taken.
      const second = client.mutation('job.create', { customerId }, { ids: [uuidv7(), updateId], seq: true });
      const result = await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [customer, first, second],
      });
      expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied', 'rejected']);
      expect(result.outcomes[2]?.error).toEqual({
        code: 'conflict',
        message: `job_updates ${updateId} already exists`,
      });
      const jobs = await test.db.query('SELECT count(*)::int AS n FROM jobs WHERE tenant_id = $1', [seed.tenantId]);
      expect(jobs.rows[0]).toEqual({ n: 1 });
      const log = await test.db.query(
        "SELECT count(*)::int AS n FROM change_log WHERE tenant_id = $1 AND table_name = 'jobs'",
        [seed.tenantId],
      );
      expect(log.rows[0]).toEqual({ n: 1 });
    });
  });
}
