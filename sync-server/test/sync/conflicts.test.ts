import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@forecourt/shared';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant, T0, type SeededTenant } from './fixtures.ts';

for (const kind of databaseKinds()) {
  describe(`same-field conflicts (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test.drop());

    /** A job both counters of site A have pulled, and the version they pulled it at. */
    async function sharedJob(seed: SeededTenant) {
      const setup = new ScriptedClient(seed.devices.counterA, seed.users.managerA);
      const customerId = uuidv7();
      const jobId = uuidv7();
      await engine.push(seed.devices.counterA, seed.users.managerA, {
        clientId: setup.clientId,
        mutations: [
          setup.mutation('customer.create', { name: 'Ravi' }, { ids: [customerId] }),
          setup.mutation('job.create', { customerId, concern: 'noise' }, { ids: [jobId, uuidv7()], seq: true }),
        ],
      });
      return { jobId, base: await engine.currentVersion() };
    }

    async function field(jobId: string, column: string) {
      const result = await test.db.query<Record<string, unknown>>(`SELECT ${column} AS value FROM jobs WHERE id = $1`, [
        jobId,
      ]);
      return result.rows[0]?.value;
    }

    async function conflictsOf(rowId: string) {
      const result = await test.db.query<Record<string, unknown>>(
        'SELECT field, losing_value, winning_value, losing_actor_id FROM conflicts WHERE row_id = $1',
        [rowId],
      );
      return result.rows;
    }

    for (const order of ['earlier first', 'later first'] as const) {
      it(`keeps the later HLC and records the loser whatever the push order (${order})`, async () => {
        const seed = await seedTenant(test.db, engine);
        const { jobId, base } = await sharedJob(seed);
        const early = new ScriptedClient(seed.devices.counterA, seed.users.staffA, T0 + 1000);
        const late = new ScriptedClient(seed.devices.counterA2, seed.users.managerA, T0 + 5000);
        const pushEarly = () =>
          engine.push(seed.devices.counterA, seed.users.staffA, {
            clientId: early.clientId,
            mutations: [early.mutation('job.update', { jobId, concern: 'from counter A' }, { baseVersion: base })],
          });
        const pushLate = () =>
          engine.push(seed.devices.counterA2, seed.users.managerA, {
            clientId: late.clientId,
            mutations: [late.mutation('job.update', { jobId, concern: 'from counter B' }, { baseVersion: base })],
          });
        if (order === 'earlier first') {
          await pushEarly();
          await pushLate();
        } else {
          await pushLate();
          await pushEarly();
        }
        expect(await field(jobId, 'concern')).toBe('from counter B');
        const conflicts = await conflictsOf(jobId);
        expect(conflicts).toEqual([
          {
            field: 'concern',
            losing_value: { value: 'from counter A' },
            winning_value: { value: 'from counter B' },
            losing_actor_id: seed.users.staffA,
          },
        ]);
      });
    }

    it('sends the winning row back to a counter whose every edited field lost', async () => {
      const seed = await seedTenant(test.db, engine);
      const { jobId, base } = await sharedJob(seed);
      const early = new ScriptedClient(seed.devices.counterA, seed.users.staffA, T0 + 1000);
      const late = new ScriptedClient(seed.devices.counterA2, seed.users.managerA, T0 + 5000);
      await engine.push(seed.devices.counterA2, seed.users.managerA, {
        clientId: late.clientId,
        mutations: [late.mutation('job.update', { jobId, concern: 'from counter B' }, { baseVersion: base })],
      });
      const beforeLoser = await engine.currentVersion();
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: early.clientId,
        mutations: [early.mutation('job.update', { jobId, concern: 'from counter A' }, { baseVersion: base })],
      });
      // Counter A still shows its own edit; the page after its push must carry the row as it is.
      const page = await engine.pull(seed.devices.counterA, {
        clientId: early.clientId,
        cursor: beforeLoser,
        limit: 50,
      });
      const jobChanges = page.changes.filter((change) => change.table === 'jobs' && change.id === jobId);
      expect(jobChanges.map((change) => change.row?.concern)).toEqual(['from counter B']);
      expect(page.lastMutationId).toBe(1);
    });

    it('merges edits of different fields without a conflict, and sequential edits too', async () => {
      const seed = await seedTenant(test.db, engine);
      const { jobId, base } = await sharedJob(seed);
      const a = new ScriptedClient(seed.devices.counterA, seed.users.staffA, T0 + 1000);
      const b = new ScriptedClient(seed.devices.counterA2, seed.users.managerA, T0 + 2000);
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: a.clientId,
        mutations: [a.mutation('job.update', { jobId, concern: 'rattle' }, { baseVersion: base })],
      });
      await engine.push(seed.devices.counterA2, seed.users.managerA, {
        clientId: b.clientId,
        mutations: [b.mutation('job.update', { jobId, findings: 'loose shield' }, { baseVersion: base })],
      });
      const seen = await engine.currentVersion();
      b.wallMs = T0 + 500; // even an older clock wins when it had seen the previous edit
      await engine.push(seed.devices.counterA2, seed.users.managerA, {
        clientId: b.clientId,
        mutations: [b.mutation('job.update', { jobId, concern: 'rattle at idle' }, { baseVersion: seen })],
      });
      expect(await field(jobId, 'concern')).toBe('rattle at idle');
      expect(await field(jobId, 'findings')).toBe('loose shield');
      expect(await conflictsOf(jobId)).toEqual([]);
    });

    it('restores the losing value through conflict.resolve', async () => {
      const seed = await seedTenant(test.db, engine);
      const { jobId, base } = await sharedJob(seed);
      const a = new ScriptedClient(seed.devices.counterA, seed.users.staffA, T0 + 1000);
      const b = new ScriptedClient(seed.devices.counterA2, seed.users.staffA, T0 + 2000);
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: a.clientId,
        mutations: [a.mutation('job.update', { jobId, keyTag: 'K-12' }, { baseVersion: base })],
      });
      await engine.push(seed.devices.counterA2, seed.users.staffA, {
        clientId: b.clientId,
        mutations: [b.mutation('job.update', { jobId, keyTag: 'K-99' }, { baseVersion: base })],
      });
      const conflict = await test.db.query<{ id: string }>('SELECT id FROM conflicts WHERE row_id = $1', [jobId]);
      const conflictId = conflict.rows[0]?.id ?? '';
      const manager = new ScriptedClient(seed.devices.counterA, seed.users.managerA, T0 + 3000);
      const result = await engine.push(seed.devices.counterA, seed.users.managerA, {
        clientId: manager.clientId,
        mutations: [
          manager.mutation(
            'conflict.resolve',
            { conflictId, table: 'jobs', rowId: jobId, action: 'restore' },
            { baseVersion: await engine.currentVersion() },
          ),
        ],
      });
      expect(result.outcomes[0]?.status).toBe('applied');
      expect(await field(jobId, 'key_tag')).toBe('K-12');
      const resolved = await test.db.query('SELECT resolution, resolved_by FROM conflicts WHERE id = $1', [conflictId]);
      expect(resolved.rows[0]).toEqual({ resolution: 'restore', resolved_by: seed.users.managerA });
    });
  });
}
