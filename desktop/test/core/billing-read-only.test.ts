import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRow, tableSpec, uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../../sync-server/src/admin/index.ts';
import { buildApp, type ForecourtApp } from '../../../sync-server/src/app.ts';
import { saveSubscription } from '../../../sync-server/src/billing/store.ts';
import { GRACE_MS } from '../../../sync-server/src/billing/tiers.ts';
import { loadConfig } from '../../../sync-server/src/config.ts';
import { createSyncEngine } from '../../../sync-server/src/sync/engine.ts';
import type { SyncEngine } from '../../../sync-server/src/sync/types.ts';
import {
  openTestPglite,
  silentLogger as serverLogger,
  type TestDatabase,
} from '../../../sync-server/test/support/databases.ts';
import { openCounter, type CounterCore } from '../../src/core/counter.ts';
import { silentLogger } from '../../src/core/logger.ts';

const PASSWORD = 'staff password 1';
const DAY = 86_400_000;

/**
 * A lapsed plan past its grace period, seen from a real counter against the real server: the
 * push is refused as a whole, the outbox keeps every change, the counter still pulls and shows
 * why, and once the plan is paid again the outbox drains.
 */
describe('a read-only company (lapsed plan) on the counter', () => {
  let database: TestDatabase;
  let engine: SyncEngine;
  let app: ForecourtApp;
  let tenantId: string;
  let siteId: string;
  let counter: CounterCore;
  let folder: string;
  const clock = () => Date.now();

  const setStatus = async (status: string, lapsedMsAgo: number | null) => {
    const now = clock();
    const lapsed = lapsedMsAgo === null ? null : new Date(now - lapsedMsAgo).toISOString();
    await saveSubscription(database.db, {
      tenant_id: tenantId,
      tier: 'professional',
      status,
      stripe_customer_id: 'cus_readonly',
      stripe_subscription_id: 'sub_readonly',
      current_period_end: null,
      lapsed_since: lapsed,
      grace_ends_at: lapsed ? new Date(Date.parse(lapsed) + GRACE_MS).toISOString() : null,
      last_event_at: Math.floor(now / 1000),
      last_event_id: `evt_${status}`,
      sandbox: false,
      created_at: new Date(now).toISOString(),
      updated_at: new Date(now).toISOString(),
    });
  };
  const serverHasCustomer = async (name: string) =>
    (await database.db.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND name = $2', [tenantId, name])).rows
      .length === 1;

  beforeAll(async () => {
    database = await openTestPglite();
    engine = createSyncEngine({ db: database.db, logger: serverLogger, clock });
    await engine.start();
    const config = loadConfig({}, { tokenSecret: 'billing-read-only-secret-0123456789abcdef' });
    app = buildApp({ db: database.db, engine, logger: serverLogger, config, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`; // a TCP listener
    const deps = { db: database.db, engine, clock };
    ({ tenantId } = await createTenant(deps, {
      name: 'Lapsed Garage',
      country: 'IN',
      ownerEmail: 'owner@lapsed.test',
      ownerPassword: 'owner password 1',
    }));
    siteId = (await createSite(deps, { tenantId, name: 'Bengaluru', code: 'BLR1' })).siteId;
    await createUser(deps, { tenantId, email: 'staff@lapsed.test', password: PASSWORD, role: 'staff', siteId });
    folder = mkdtempSync(join(tmpdir(), 'forecourt-billing-'));
    counter = openCounter({ dataDir: folder, logger: silentLogger });
    const { code } = await createEnrolmentCode({ db: database.db, clock }, { siteId });
    await counter.enrol({ serverUrl: url, code, name: 'Counter 1' });
    await counter.login({ email: 'staff@lapsed.test', password: PASSWORD });
  });

  afterAll(async () => {
    await counter?.close();
    await app?.close();
    await engine?.stop();
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the outbox while refused, still pulls, shows the reason, and drains once paid', async () => {
    await setStatus('past_due', 3 * DAY);
    counter.mutate('customer.create', { name: 'In the grace period' });
    expect(await counter.syncNow()).toMatchObject({ pendingCount: 0, lastError: null });

    await setStatus('past_due', GRACE_MS + DAY);
    counter.mutate('customer.create', { name: 'Written while read-only' });
    counter.mutate('customer.create', { name: 'Also waiting' });
    // Written on the server meanwhile (as the server would): it must still reach the counter.
    const serverRowId = uuidv7();
    const now = new Date().toISOString();
    await engine.writeRows(tenantId, [
      {
        table: 'customers',
        row: completeRow(tableSpec('customers'), {
          id: serverRowId,
          tenant_id: tenantId,
          site_id: siteId,
          name: 'Pulled while read-only',
          created_at: now,
          updated_at: now,
        }),
      },
    ]);
    const refused = await counter.syncNow();
    expect(refused.pendingCount).toBe(2);
    expect(refused.online).toBe(true);
    expect(refused.lastError?.code).toBe('payment-required');
    expect(refused.lastError?.message).toMatch(/the company is read-only until the owner renews the plan/);
    expect(counter.get('customers', serverRowId)).toMatchObject({ name: 'Pulled while read-only' });
    // Local work stays visible on the counter while it waits.
    const names = counter.query('customers', {}).map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(['Written while read-only', 'Also waiting']));
    expect(await serverHasCustomer('Written while read-only')).toBe(false);
    // Trying again changes nothing while the plan is unpaid.
    expect((await counter.syncNow()).pendingCount).toBe(2);

    await setStatus('active', null);
    const drained = await counter.syncNow();
    expect(drained).toMatchObject({ pendingCount: 0, lastError: null, rejections: [] });
    expect(await serverHasCustomer('Written while read-only')).toBe(true);
    expect(await serverHasCustomer('Also waiting')).toBe(true);
  });
});
