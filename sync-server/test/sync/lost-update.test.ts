import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@forecourt/shared';
import { applyPushedMutation } from '../../src/sync/apply-mutation.ts';
import { ChunkRows } from '../../src/sync/chunk-rows.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant, T0 } from './fixtures.ts';

/**
 * Two pushes that edit different fields of one row in overlapping transactions (two server
 * processes, or two requests on one pool): the second must merge into the row as the first left
 * it, not write back the copy it read before the first committed. Only PostgreSQL has concurrent
 * transactions (PGlite runs one at a time).
 */
const postgres = databaseKinds().find((kind) => kind.name === 'postgres');

describe.skipIf(!postgres)('concurrent pushes to one row (postgres)', () => {
  let test: TestDatabase;
  let engine: SyncEngine;
  beforeAll(async () => {
    test = await postgres!.open();
    engine = newEngine(test.db);
  });
  afterAll(async () => test?.drop());

  for (const buffered of [false, true]) {
    it(`keeps both fields when the second push starts before the first commits${buffered ? ' (buffered chunk)' : ''}`, async () => {
      const seed = await seedTenant(test.db, engine);
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
      const base = await engine.currentVersion();
      const a = new ScriptedClient(seed.devices.counterA, seed.users.staffA, T0 + 1000);
      const b = new ScriptedClient(seed.devices.counterA2, seed.users.managerA, T0 + 2000);
      const now = T0 + 60_000;

      let firstApplied!: () => void;
      const applied = new Promise<void>((resolve) => (firstApplied = resolve));
      const first = test.db.transaction(async (tx) => {
        const mutation = a.mutation('job.update', { jobId, concern: 'rattle at idle' }, { baseVersion: base });
        const rows = buffered ? new ChunkRows(tx, seed.tenantId) : undefined;
        await applyPushedMutation(tx, seed.devices.counterA, seed.users.staffA, a.clientId, mutation, now, new Map(), {
          optimisticInserts: buffered,
          ...(rows ? { rows } : {}),
        });
        await rows?.flush();
        firstApplied();
        // Hold the transaction open while the second push reads and writes the same row.
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await applied;
      const second = test.db.transaction(async (tx) => {
        const mutation = b.mutation('job.update', { jobId, findings: 'loose heat shield' }, { baseVersion: base });
        const rows = buffered ? new ChunkRows(tx, seed.tenantId) : undefined;
        await applyPushedMutation(
          tx,
          seed.devices.counterA2,
          seed.users.managerA,
          b.clientId,
          mutation,
          now,
          new Map(),
          {
            optimisticInserts: buffered,
            ...(rows ? { rows } : {}),
          },
        );
        await rows?.flush();
      });
      await Promise.all([first, second]);

      const row = await test.db.query<{ concern: string; findings: string }>(
        'SELECT concern, findings FROM jobs WHERE id = $1',
        [jobId],
      );
      expect(row.rows[0]).toEqual({ concern: 'rattle at idle', findings: 'loose heat shield' });
    });
  }
});
