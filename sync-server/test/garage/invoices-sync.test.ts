import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type Row } from '@forecourt/shared';
import { numberSeriesReport, numberSeriesReportForTenant } from '../../src/reports/number-series.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, T0 } from '../sync/fixtures.ts';
import { pushAll, readyJob, record, seedGarage, WORKSHOP_GSTIN, type Counter } from './garage-fixtures.ts';

const finalise = (
  counter: Counter,
  job: { jobId: string; customerId: string; vehicleId: string },
  baseVersion?: number,
) =>
  record(counter, 'invoice.finalise', job, {
    series: [`inv:${counter.device.deviceCode}:2627`],
    ...(baseVersion === undefined ? {} : { baseVersion }),
  });

for (const kind of databaseKinds()) {
  describe(`invoices through sync (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test.drop());

    const invoicesOf = async (tenantId: string) =>
      (
        await test.db.query<{
          number: string;
          series: string;
          seq: number;
          job_id: string;
          total_minor: number;
          supplier: { taxId: string };
        }>(
          'SELECT number, series, seq::int AS seq, job_id, total_minor::int AS total_minor, supplier FROM invoices WHERE tenant_id = $1 ORDER BY number',
          [tenantId],
        )
      ).rows;

    it('numbers invoices two counters finalised offline from their own series, without collision', async () => {
      const garage = await seedGarage(test.db, engine);
      const a = garage.counter(garage.devices.counterA, garage.users.staffA, T0 + 1000);
      const b = garage.counter(garage.devices.counterA2, garage.users.managerA, T0 + 2000);
      const jobs = [await readyJob(engine, a, 'JA'), await readyJob(engine, a, 'JB'), await readyJob(engine, b, 'JC')];
      const base = await engine.currentVersion();
      const [jobA1, jobA2, jobB1] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];
      const fromB = await pushAll(engine, b, [finalise(b, jobB1, base)]);
      const fromA = await pushAll(engine, a, [finalise(a, jobA1, base), finalise(a, jobA2, base)]);
      expect([...fromA.outcomes, ...fromB.outcomes].map((outcome) => outcome.status)).toEqual([
        'applied',
        'applied',
        'applied',
      ]);
      const invoices = await invoicesOf(garage.tenantId);
      expect(invoices.map((invoice) => [invoice.number, invoice.job_id])).toEqual([
        ['BLR1A/2627/00001', jobA1.jobId],
        ['BLR1A/2627/00002', jobA2.jobId],
        ['BLR1B/2627/00001', jobB1.jobId],
      ]);
      // 450.00 + 1.5 h × 600.00 = 1,350.00 taxable; 18 % (9 + 9) = 243.00
      expect(
        invoices.every((invoice) => invoice.total_minor === 159_300 && invoice.supplier.taxId === WORKSHOP_GSTIN),
      ).toBe(true);
      const report = await numberSeriesReportForTenant(test.db, garage.tenantId);
      expect(report.clean).toBe(true);
      expect(report.series.map((entry) => [entry.series, entry.count, entry.first, entry.last])).toEqual([
        ['inv:BLR1A:2627', 2, 1, 2],
        ['inv:BLR1B:2627', 1, 1, 1],
      ]);
    });

    it('rejects the second offline finalisation of one job and the report flags the gap it leaves', async () => {
      const garage = await seedGarage(test.db, engine);
      const a = garage.counter(garage.devices.counterA, garage.users.staffA, T0 + 1000);
      const b = garage.counter(garage.devices.counterA2, garage.users.managerA, T0 + 2000);
      const job = await readyJob(engine, a, 'JD');
      const other = await readyJob(engine, b, 'JE');
      const base = await engine.currentVersion();
      await pushAll(engine, a, [finalise(a, job, base)]);
      // B printed BLR1B/2627/00001 for the same job while offline, then invoiced another job.
      const fromB = await pushAll(engine, b, [finalise(b, job, base), finalise(b, other, base)]);
      expect(fromB.outcomes[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'conflict', message: expect.stringMatching(/already invoiced \(BLR1A\/2627\/00001\)/) },
      });
      expect(fromB.outcomes[1]?.status).toBe('applied');
      const report = await numberSeriesReportForTenant(test.db, garage.tenantId, '2627');
      expect(report.clean).toBe(false);
      expect(report.series.find((entry) => entry.series === 'inv:BLR1B:2627')).toMatchObject({
        first: 2,
        last: 2,
        gaps: [{ from: 1, to: 1 }],
        duplicates: [],
      });
    });

    it('issues a credit note from the device series and lets the job be invoiced again', async () => {
      const garage = await seedGarage(test.db, engine);
      const manager = garage.counter(garage.devices.counterA, garage.users.managerA);
      const job = await readyJob(engine, manager, 'JF');
      await pushAll(engine, manager, [finalise(manager, job)]);
      const [invoice] = await invoicesOf(garage.tenantId);
      const invoiceId = (
        await test.db.query<{ id: string }>('SELECT id FROM invoices WHERE number = $1 AND tenant_id = $2', [
          invoice?.number,
          garage.tenantId,
        ])
      ).rows[0]?.id;
      const result = await pushAll(engine, manager, [
        record(
          manager,
          'invoice.creditNote',
          { invoiceId, reason: 'wrong registration' },
          { series: ['cn:BLR1A:2627'] },
        ),
        finalise(manager, job),
      ]);
      expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      expect((await invoicesOf(garage.tenantId)).map((row) => row.number)).toEqual([
        'BLR1A/2627/00001',
        'BLR1A/2627/00002',
        'BLR1A/2627/C0001',
      ]);
      expect((await numberSeriesReport(test.db, garage.tenantId)).clean).toBe(true);
    });

    it('flags a duplicate number in a series (a counter that reused its sequence) and stays inside the tenant', async () => {
      const garage = await seedGarage(test.db, engine);
      const other = await seedGarage(test.db, engine);
      const row = (tenantId: string, siteId: string, seq: number): Row => ({
        id: uuidv7(),
        tenant_id: tenantId,
        site_id: siteId,
        job_id: uuidv7(),
        kind: 'invoice',
        number: `BLR1A/2627/${String(seq).padStart(5, '0')}`,
        series: 'inv:BLR1A:2627',
        seq,
        fiscal_year: '2627',
        issued_at: new Date(T0).toISOString(),
        issued_by: uuidv7(),
        device_id: uuidv7(),
        credit_of_id: null,
        reason: null,
        country: 'IN',
        currency: 'INR',
        place_of_supply: '29',
        supplier: {},
        recipient: {},
        lines: [],
        tax_lines: [],
        taxable_minor: 100,
        tax_minor: 18,
        total_minor: 118,
        job_manager_id: null,
        created_at: new Date(T0).toISOString(),
        updated_at: new Date(T0).toISOString(),
        deleted_at: null,
      });
      const rows = [
        row(garage.tenantId, garage.siteA, 1),
        row(garage.tenantId, garage.siteA, 2),
        row(garage.tenantId, garage.siteA, 2),
        row(garage.tenantId, garage.siteA, 5),
      ];
      await engine.writeRows(
        garage.tenantId,
        rows.map((invoice) => ({ table: 'invoices', row: invoice })),
      );
      await engine.writeRows(other.tenantId, [{ table: 'invoices', row: row(other.tenantId, other.siteA, 7) }]);
      const report = await numberSeriesReportForTenant(test.db, garage.tenantId);
      expect(report.series).toHaveLength(1);
      expect(report.series[0]).toMatchObject({
        count: 4,
        first: 1,
        last: 5,
        gaps: [{ from: 3, to: 4 }],
        duplicates: [{ seq: 2, numbers: ['BLR1A/2627/00002', 'BLR1A/2627/00002'] }],
      });
      expect((await numberSeriesReportForTenant(test.db, other.tenantId)).series[0]).toMatchObject({
        first: 7,
        gaps: [{ from: 1, to: 6 }],
      });
    });
  });
}
