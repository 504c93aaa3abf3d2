import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fiscalYear, localDate } from '@forecourt/shared/domain/garage/index';
import { localFiguresDrift } from '../../../desktop/src/core/analytics/local-figures.ts';
import { openCounter, type CounterCore } from '../../../desktop/src/core/counter.ts';
import { silentLogger as counterLogger } from '../../../desktop/src/core/logger.ts';
import { openReplica } from '../../../desktop/src/core/replica/open-replica.ts';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../src/admin/index.ts';
import { buildApp, type ForecourtApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { numberSeriesReportForTenant } from '../../src/reports/number-series.ts';
import { createSyncEngine } from '../../src/sync/engine.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { openTestPglite, silentLogger, type TestDatabase } from '../support/databases.ts';

/**
 * The offline cases end to end: real counters (better-sqlite3 replicas, the real runner and
 * sync client) against the real Fastify app on PGlite. Both counters of a workshop work offline,
 * finalise invoices and record payments, then sync: every number stays, none collides, the
 * server's series report is clean, and each replica's local figures match its rows.
 */
describe('two counters invoicing offline, against the real server', () => {
  let database: TestDatabase;
  let engine: SyncEngine;
  let app: ForecourtApp;
  let url: string;
  let tenantId: string;
  let siteId: string;
  const folders: string[] = [];
  const counters: CounterCore[] = [];
  const clock = () => Date.now();
  const PASSWORD = 'garage password 1';

  async function counter(name: string, email: string): Promise<{ core: CounterCore; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'forecourt-garage-rt-'));
    folders.push(dir);
    const core = openCounter({ dataDir: dir, logger: counterLogger, WebSocket: null });
    counters.push(core);
    const { code } = await createEnrolmentCode({ db: database.db, clock }, { siteId });
    await core.enrol({ serverUrl: url, code, name });
    await core.login({ email, password: PASSWORD });
    await core.syncNow();
    return { core, dir };
  }

  beforeAll(async () => {
    database = await openTestPglite();
    engine = createSyncEngine({ db: database.db, logger: silentLogger, clock });
    await engine.start();
    const config = loadConfig({}, { tokenSecret: 'garage-round-trip-secret-0123456789abcdef', livePokeIntervalMs: 10 });
    app = buildApp({ db: database.db, engine, logger: silentLogger, config, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`; // a TCP listener: AddressInfo
    const deps = { db: database.db, engine, clock };
    tenantId = (
      await createTenant(deps, {
        name: 'Rao Motors',
        country: 'IN',
        ownerEmail: 'owner@rao.test',
        ownerPassword: PASSWORD,
      })
    ).tenantId;
    siteId = (await createSite(deps, { tenantId, name: 'Indiranagar', code: 'BLR1' })).siteId;
    await createUser(deps, { tenantId, email: 'meera@rao.test', password: PASSWORD, role: 'manager', siteId });
    await createUser(deps, { tenantId, email: 'ravi@rao.test', password: PASSWORD, role: 'staff', siteId });
  });

  afterAll(async () => {
    for (const core of counters) await core.close();
    await app?.close();
    await engine?.stop();
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  function readyJob(core: CounterCore, customer: string): { jobId: string; customerId: string; vehicleId: string } {
    const opened = core.mutate('job.intake', {
      customer: { name: customer, phone: '+91 98123 45678' },
      vehicle: { registration: `KA 01 ${customer.slice(0, 2).toUpperCase()} 1234` },
      concern: 'Service',
      advance: { amountMinor: 50_000, method: 'cash' },
    });
    const jobId = String(opened.jobId);
    core.mutate('jobLine.add', {
      jobId,
      kind: 'labour',
      description: 'Periodic service',
      quantityMilli: 2000,
      unitPriceMinor: 50_000,
    });
    core.mutate('job.setStatus', { jobId, status: 'in_progress' });
    core.mutate('job.setStatus', { jobId, status: 'ready' });
    return { jobId, customerId: String(opened.customerId), vehicleId: String(opened.vehicleId) };
  }

  it('numbers both counters’ offline invoices from their own series and keeps every payment', async () => {
    const owner = await counter('Owner laptop', 'owner@rao.test');
    owner.core.mutate('workshop.updateProfile', { siteId, taxId: '29ABCDE1234F1ZW' });
    expect((await owner.core.syncNow()).rejections).toEqual([]);
    const a = await counter('Counter 1', 'meera@rao.test');
    const b = await counter('Counter 2', 'ravi@rao.test');
    const codes = [a.core.identity()?.deviceCode, b.core.identity()?.deviceCode];
    // Offline from here: nothing is pushed until both have invoiced.
    const first = a.core.mutate('invoice.finalise', readyJob(a.core, 'Asha'));
    const second = b.core.mutate('invoice.finalise', readyJob(b.core, 'Kiran'));
    expect(() => b.core.mutate('payment.confirm', { paymentId: '01a20000-0000-7000-8000-000000000001' })).toThrow(
      /needs the role owner/,
    );
    const fy = fiscalYear('IN', localDate(new Date(clock()).toISOString(), 'Asia/Kolkata')).label;
    expect([first.number, second.number]).toEqual([`${codes[0]}/${fy}/00001`, `${codes[1]}/${fy}/00001`]);
    for (const side of [a, b, a]) expect((await side.core.syncNow()).rejections).toEqual([]);
    const invoices = await database.db.query<{ number: string }>(
      'SELECT number FROM invoices WHERE tenant_id = $1 ORDER BY number',
      [tenantId],
    );
    expect(invoices.rows.map((row) => row.number)).toEqual([first.number, second.number]);
    const payments = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM payments WHERE tenant_id = $1 AND status = 'unconfirmed'",
      [tenantId],
    );
    expect(payments.rows[0]?.n).toBe(2);
    expect((await numberSeriesReportForTenant(database.db, tenantId)).clean).toBe(true);
    // Both counters now hold both invoices, and their local figures agree with their rows.
    for (const side of [a, b]) {
      expect(
        side.core
          .query('invoices')
          .map((row) => row.number)
          .sort(),
      ).toEqual([first.number, second.number]);
      const db = openReplica(side.dir, { logger: counterLogger });
      expect(localFiguresDrift(db)).toBe(0);
      db.close();
    }
  });
});
