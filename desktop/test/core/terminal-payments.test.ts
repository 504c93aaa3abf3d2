import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '@forecourt/shared';
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
import { stubIntegrationEnv } from '../../../sync-server/test/integrations/support.ts';
import { openCounter, type CounterCore } from '../../src/core/counter.ts';
import { createCounterPaymentHandlers, type CounterPaymentHandlers } from '../../src/core/host/counter-payments.ts';
import { createFileSecretStore } from '../../src/core/host/file-secret-store.ts';
import { silentLogger } from '../../src/core/logger.ts';

const PASSWORD = 'counter terminal 1';

/**
 * The counter core's card-on-reader handlers against the real server app on PGlite in sandbox
 * mode (no Stripe key: the site's simulated reader presents a card after 300 ms, declines the
 * test amounts ending in 05): the reader list, one attempt per id, the settled attempt pulling
 * the confirmed card payment onto this PC, a decline, a cancel, and a viewer refused.
 */
describe('card on reader from the counter core (sandbox)', () => {
  let database: TestDatabase;
  let engine: SyncEngine;
  let app: ForecourtApp;
  let url: string;
  let siteId: string;
  let tenantId: string;
  const folders: string[] = [];
  const counters: CounterCore[] = [];

  async function signedInCounter(email: string): Promise<{ counter: CounterCore; pay: CounterPaymentHandlers }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-terminal-'));
    folders.push(dataDir);
    const secrets = createFileSecretStore(join(dataDir, 'secrets.json'));
    const counter = openCounter({ dataDir, logger: silentLogger, secretStore: secrets });
    counters.push(counter);
    const { code } = await createEnrolmentCode({ db: database.db, clock: Date.now }, { siteId });
    await counter.enrol({ serverUrl: url, code, name: 'Counter' });
    await counter.login({ email, password: PASSWORD });
    await counter.syncNow();
    const pay = createCounterPaymentHandlers({ counter, secrets, fetch: globalThis.fetch, clock: Date.now });
    return { counter, pay };
  }

  const settled = (pay: CounterPaymentHandlers, attemptId: string) =>
    vi.waitFor(
      async () => {
        const attempt = await pay['terminal:attempt']({ attemptId });
        if (attempt.status === 'requested' || attempt.status === 'waiting') throw new Error('not yet');
        return attempt;
      },
      { timeout: 20_000, interval: 200 },
    );

  beforeAll(async () => {
    stubIntegrationEnv({ STRIPE_SANDBOX_CARD_DELAY_MS: '300' });
    database = await openTestPglite();
    engine = createSyncEngine({ db: database.db, logger: serverLogger, clock: Date.now });
    await engine.start();
    const config = loadConfig({}, { tokenSecret: 'counter-terminal-secret-0123456789abcdef' });
    app = buildApp({ db: database.db, engine, logger: serverLogger, config, clock: Date.now });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`; // a TCP listener: AddressInfo
    const deps = { db: database.db, engine, clock: Date.now };
    ({ tenantId } = await createTenant(deps, {
      name: 'Reader Garage',
      country: 'IN',
      ownerEmail: 'owner@reader.test',
      ownerPassword: PASSWORD,
    }));
    siteId = (await createSite(deps, { tenantId, name: 'Bengaluru', code: 'BLR1' })).siteId;
    await createUser(deps, { tenantId, email: 'staff@reader.test', password: PASSWORD, role: 'staff', siteId });
    await createUser(deps, { tenantId, email: 'viewer@reader.test', password: PASSWORD, role: 'viewer', siteId });
  });

  afterAll(async () => {
    for (const counter of counters) await counter.close();
    await app?.close();
    await engine?.stop();
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('takes a job’s payment on the simulated reader; the confirmed card payment reaches this PC', async () => {
    const { counter, pay } = await signedInCounter('staff@reader.test');
    const { customerId } = counter.mutate('customer.create', { name: 'Asha Rao', phone: '+919812345678' });
    const { jobId } = counter.mutate('job.create', { customerId, concern: 'brakes' });
    const { mode, readers } = await pay['terminal:readers']({ siteId });
    expect(mode).toBe('sandbox');
    expect(readers).toEqual([{ id: expect.any(String), label: 'Simulated reader, Bengaluru', siteId, busy: false }]);
    const readerId = readers[0]?.id ?? '';

    const attemptId = uuidv7();
    const start = { attemptId, readerId, jobId: String(jobId), amountMinor: 45_000, kind: 'advance' as const };
    expect(await pay['terminal:startPayment'](start)).toEqual({ attemptId });
    expect(await pay['terminal:startPayment'](start)).toEqual({ attemptId });
    const done = await settled(pay, attemptId);
    expect(done).toMatchObject({ status: 'succeeded', amountMinor: 45_000, currency: 'INR', message: null });
    const payment = counter.get('payments', String(done.paymentId));
    expect(payment).toMatchObject({ job_id: jobId, status: 'confirmed', method: 'card', amount_minor: 45_000 });

    const declined = uuidv7();
    await pay['terminal:startPayment']({ ...start, attemptId: declined, amountMinor: 10_005 });
    expect(await settled(pay, declined)).toMatchObject({ status: 'failed', message: 'The card was declined.' });

    const cancelled = uuidv7();
    await pay['terminal:startPayment']({ ...start, attemptId: cancelled });
    await pay['terminal:cancel']({ attemptId: cancelled });
    expect(await settled(pay, cancelled)).toMatchObject({ status: 'canceled' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await pay['terminal:attempt']({ attemptId: cancelled })).toMatchObject({ status: 'canceled' });
    expect(counter.query('payments', { where: { job_id: String(jobId) } })).toHaveLength(1);
  });

  it('passes the server’s refusal on: a viewer takes no card payment', async () => {
    const { pay } = await signedInCounter('viewer@reader.test');
    await expect(pay['terminal:readers']({ siteId })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
