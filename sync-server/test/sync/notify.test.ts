import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import type { Database } from '../../src/db/database.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { openTestPostgres, silentLogger, type TestDatabase } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant } from './fixtures.ts';

// Two server instances on one PostgreSQL: a commit on one must poke devices connected to the other.
describe.runIf(process.env.TEST_DATABASE_URL)('pokes between server instances (postgres)', () => {
  let test: TestDatabase;
  let secondDb: Database;
  let first: SyncEngine;
  let second: SyncEngine;
  beforeAll(async () => {
    test = await openTestPostgres();
    secondDb = await openPgDatabase(test.url ?? '', silentLogger);
    first = newEngine(test.db);
    second = newEngine(secondDb);
    await first.start();
    await second.start();
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
    await secondDb.close();
    await test.drop();
  });

  it('delivers a commit on instance one to listeners of instance two over LISTEN/NOTIFY', async () => {
    const seed = await seedTenant(test.db, first);
    const heard: Array<[string, number]> = [];
    const done = new Promise<void>((resolve) => {
      second.onCommit((tenantId, version) => {
        heard.push([tenantId, version]);
        if (tenantId === seed.tenantId) resolve();
      });
    });
    heard.length = 0;
    const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
    await first.push(seed.devices.counterA, seed.users.staffA, {
      clientId: client.clientId,
      mutations: [client.mutation('customer.create', { name: 'Poke me' })],
    });
    const version = await first.currentVersion();
    await done;
    expect(heard).toContainEqual([seed.tenantId, version]);
  });
});
