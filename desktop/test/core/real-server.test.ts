import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../../sync-server/src/admin/index.ts';
import { buildApp, type ForecourtApp } from '../../../sync-server/src/app.ts';
import { loadConfig } from '../../../sync-server/src/config.ts';
import { createSyncEngine } from '../../../sync-server/src/sync/engine.ts';
import type { SyncEngine } from '../../../sync-server/src/sync/types.ts';
import {
  openTestPglite,
  silentLogger as serverLogger,
  type TestDatabase,
} from '../../../sync-server/test/support/databases.ts';
import type { CoreEvent } from '../../src/core/counter-api.ts';
import { openCounter, type CounterCore } from '../../src/core/counter.ts';
import { silentLogger } from '../../src/core/logger.ts';

const PASSWORD = 'staff password 1';

/** One real round trip: the real Fastify app on PGlite, real fetch and a real WebSocket. */
describe('counter core against the real sync server', () => {
  let database: TestDatabase;
  let engine: SyncEngine;
  let app: ForecourtApp;
  let url: string;
  let siteId: string;
  let email: string;
  const counters: CounterCore[] = [];
  const folders: string[] = [];
  const clock = () => Date.now();

  async function enrolledCounter(name: string): Promise<CounterCore> {
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-real-'));
    folders.push(dataDir);
    const counter = openCounter({ dataDir, logger: silentLogger });
    counters.push(counter);
    const { code } = await createEnrolmentCode({ db: database.db, clock }, { siteId });
    await counter.enrol({ serverUrl: url, code, name });
    await counter.login({ email, password: PASSWORD });
    return counter;
  }

  beforeAll(async () => {
    database = await openTestPglite();
    engine = createSyncEngine({ db: database.db, logger: serverLogger, clock });
    await engine.start();
    const config = loadConfig({}, { tokenSecret: 'real-round-trip-secret-0123456789abcdef', livePokeIntervalMs: 10 });
    app = buildApp({ db: database.db, engine, logger: serverLogger, config, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`; // a TCP listener: AddressInfo
    const deps = { db: database.db, engine, clock };
    const { tenantId } = await createTenant(deps, {
      name: 'Round Trip Garage',
      country: 'IN',
      ownerEmail: 'owner@roundtrip.test',
      ownerPassword: 'owner password 1',
    });
    siteId = (await createSite(deps, { tenantId, name: 'Bengaluru', code: 'BLR1' })).siteId;
    email = 'staff@roundtrip.test';
    await createUser(deps, { tenantId, email, password: PASSWORD, role: 'staff', siteId });
  });

  afterAll(async () => {
    for (const counter of counters) await counter.close();
    await app?.close();
    await engine?.stop();
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('pushes local work, another counter pulls it, and a live poke brings later work over', async () => {
    const first = await enrolledCounter('Counter 1');
    expect(first.identity()).toMatchObject({ scope: 'site', siteId, serverUrl: url });
    const { customerId } = first.mutate('customer.create', { name: 'Asha Rao', phone: '+919812345678' });
    const { jobId, number } = first.mutate('job.create', { customerId, concern: 'brakes squeal' });
    expect(first.status().pendingCount).toBe(2);
    const synced = await first.syncNow();
    expect(synced).toMatchObject({ pendingCount: 0, lastError: null, online: true, rejections: [] });
    expect(synced.cursor).toBeGreaterThan(0);
    expect(first.get('jobs', String(jobId))).toMatchObject({ number, status: 'pending' });

    const second = await enrolledCounter('Counter 2');
    await second.syncNow();
    expect(second.get('customers', String(customerId))).toMatchObject({ name: 'Asha Rao' });
    expect(second.get('jobs', String(jobId))).toMatchObject({ number, concern: 'brakes squeal' });

    const events: CoreEvent[] = [];
    first.subscribe((event) => events.push(event));
    first.startSync();
    await vi.waitFor(() => expect(first.status().online).toBe(true), { timeout: 10_000 });
    const { updateId } = second.mutate('job.addNote', { jobId, body: 'customer called' });
    await second.syncNow();
    await vi.waitFor(
      () => expect(first.get('job_updates', String(updateId))).toMatchObject({ body: 'customer called' }),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    expect(events).toContainEqual({ type: 'data', tables: expect.arrayContaining(['job_updates']) });
    await first.stopSync();
    expect(first.status().phase).toBe('stopped');
  });
});
