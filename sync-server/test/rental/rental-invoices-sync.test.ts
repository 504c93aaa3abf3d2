import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { numberSeriesReportForTenant } from '../../src/reports/number-series.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, seedTenant, T0, ScriptedClient, type SeededTenant } from '../sync/fixtures.ts';
import { pushAll, record, type Counter } from '../garage/garage-fixtures.ts';

/**
 * Rental invoices through the real sync engine: two counters of one Zürich site close contracts
 * while offline; each invoice takes its number from its own device's invoice series (recorded on
 * the counter, replayed by the server), and the number-series report covers them with the
 * garage invoices of the same series.
 */
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface RentalSeed extends SeededTenant {
  readonly a: Counter;
  readonly b: Counter;
  readonly renterId: string;
  readonly vehicleIds: string[];
}

async function seedRental(db: Database, engine: SyncEngine): Promise<RentalSeed> {
  const seed = await seedTenant(db, engine, 'CH');
  const row = (table: TableName, values: Record<string, unknown>): { table: TableName; row: Row } => ({
    table,
    row: completeRow(tableSpec(table), {
      id: uuidv7(),
      tenant_id: seed.tenantId,
      created_at: iso(T0 - DAY),
      updated_at: iso(T0 - DAY),
      deleted_at: null,
      ...values,
    }),
  });
  const rentalClass = row('rental_classes', {
    code: 'COMPACT',
    name: 'Compact',
    currency: 'CHF',
    daily_minor: 8_900,
    weekly_minor: null,
    monthly_minor: null,
    included_km_per_day: 200,
    extra_km_minor: 45,
    deposit_minor: 100_000,
    min_age: 21,
    min_licence_years: 2,
    active: true,
  });
  const vehicles = [1, 2, 3, 4].map((n) =>
    row('rental_vehicles', {
      site_id: seed.siteA,
      class_id: rentalClass.row.id,
      plate: `ZH 10${n}`,
      make: 'VW',
      model: 'Golf',
      fuel_type: 'petrol',
      odometer_km: 10_000,
      status: 'available',
    }),
  );
  const renter = row('rental_customers', {
    name: 'Anna Meier',
    birth_date: '1990-04-02',
    licence_number: 'ZH-1234',
    licence_issued: '2010-05-01',
    licence_expires: '2035-05-01',
  });
  await engine.writeRows(seed.tenantId, [rentalClass, ...vehicles, renter]);
  await engine.writeRows(seed.tenantId, [
    { table: 'sites', row: { ...(await siteRow(db, seed)), timezone: 'Europe/Zurich' } },
  ]);
  const counter = (device: SeededTenant['devices']['counterA'], code: string, actorId: string): Counter => {
    const session = { ...device, deviceCode: code };
    return { device: session, client: new ScriptedClient(session, actorId, T0), actorId, seqs: new Map() };
  };
  return {
    ...seed,
    a: counter(seed.devices.counterA, 'ZRH1A', seed.users.staffA),
    b: counter(seed.devices.counterA2, 'ZRH1B', seed.users.managerA),
    renterId: String(renter.row.id),
    vehicleIds: vehicles.map((v) => String(v.row.id)),
  };
}

async function siteRow(db: Database, seed: SeededTenant): Promise<Row> {
  const result = await db.query<Row>('SELECT * FROM sites WHERE id = $1', [seed.siteA]);
  return result.rows[0]!;
}

/** Opens a contract on `counter` at T0 and records its return three days later (both pushed online). */
async function returnedContract(engine: SyncEngine, seed: RentalSeed, counter: Counter, vehicleId: string) {
  const contractId = uuidv7();
  counter.client.wallMs = T0;
  const opened = record(
    counter,
    'rental.contractOpen',
    {
      customerId: seed.renterId,
      vehicleId,
      dueAt: iso(T0 + 3 * DAY),
      kmOut: 10_000,
      fuelOut: 8,
      damagesOut: [],
      deductibleMinor: 150_000,
      termsVersion: '2026-01',
    },
    { ids: [contractId], series: [`contract:${counter.device.deviceCode}:2026`] },
  );
  counter.client.wallMs = T0 + 3 * DAY;
  const back = record(counter, 'rental.contractReturn', { contractId, kmIn: 10_500, fuelIn: 8, damagesIn: [] });
  const result = await pushAll(engine, counter, [opened, back]);
  const refused = result.outcomes.filter((outcome) => outcome.status !== 'applied');
  if (refused.length > 0) throw new Error(`setting up the contract failed: ${JSON.stringify(refused)}`);
  return contractId;
}

/** rental.contractClose as the counter records it: the next number of its invoice series. */
function close(counter: Counter, contractId: string, baseVersion: number) {
  counter.client.wallMs = T0 + 3 * DAY + 3_600_000;
  return record(
    counter,
    'rental.contractClose',
    { contractId, cash: false },
    { series: [`inv:${counter.device.deviceCode}:2026`], baseVersion },
  );
}

for (const kind of databaseKinds()) {
  describe(`rental invoice numbers through sync (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db, () => T0 + 10 * DAY);
    });
    afterAll(async () => test.drop());

    const invoicesOf = async (tenantId: string) =>
      (
        await test.db.query<{ id: string; invoice_number: string; invoice_series: string; invoice_seq: number }>(
          `SELECT id, invoice_number, invoice_series, invoice_seq::int AS invoice_seq FROM rental_contracts
            WHERE tenant_id = $1 AND invoice_number IS NOT NULL ORDER BY invoice_number`,
          [tenantId],
        )
      ).rows;

    it('numbers the invoices two counters closed offline from their own series, without collision', async () => {
      const seed = await seedRental(test.db, engine);
      const [v1, v2, v3] = seed.vehicleIds as [string, string, string];
      const c1 = await returnedContract(engine, seed, seed.a, v1);
      const c2 = await returnedContract(engine, seed, seed.a, v2);
      const c3 = await returnedContract(engine, seed, seed.b, v3);
      const base = await engine.currentVersion();
      // Both offline since `base`: B syncs first, then A.
      const fromB = await pushAll(engine, seed.b, [close(seed.b, c3, base)]);
      const fromA = await pushAll(engine, seed.a, [close(seed.a, c1, base), close(seed.a, c2, base)]);
      expect([...fromB.outcomes, ...fromA.outcomes].map((outcome) => outcome.status)).toEqual([
        'applied',
        'applied',
        'applied',
      ]);
      expect((await invoicesOf(seed.tenantId)).map((row) => [row.invoice_number, row.id])).toEqual([
        ['ZRH1A/2026/00001', c1],
        ['ZRH1A/2026/00002', c2],
        ['ZRH1B/2026/00001', c3],
      ]);
      const report = await numberSeriesReportForTenant(test.db, seed.tenantId);
      expect(report.clean).toBe(true);
      expect(
        report.series.map((entry) => [entry.series, entry.kind, entry.fiscalYear, entry.count, entry.last]),
      ).toEqual([
        ['contract:ZRH1A:2026', 'contract', '2026', 2, 2],
        ['contract:ZRH1B:2026', 'contract', '2026', 1, 1],
        ['inv:ZRH1A:2026', 'invoice', '2026', 2, 2],
        ['inv:ZRH1B:2026', 'invoice', '2026', 1, 1],
      ]);
    });

    it('rejects the second offline close of one contract; the report flags the gap its printed number left', async () => {
      const seed = await seedRental(test.db, engine);
      const [v1, v2] = seed.vehicleIds as [string, string];
      const shared = await returnedContract(engine, seed, seed.a, v1);
      const other = await returnedContract(engine, seed, seed.a, v2);
      const base = await engine.currentVersion();
      await pushAll(engine, seed.a, [close(seed.a, shared, base)]);
      // B closed (and printed ZRH1B/2026/00001 for) the same contract offline, then another one.
      const fromB = await pushAll(engine, seed.b, [close(seed.b, shared, base), close(seed.b, other, base)]);
      expect(fromB.outcomes[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'conflict', message: 'a closed contract cannot be closed' },
      });
      expect(fromB.outcomes[1]?.status).toBe('applied');
      // The first close stands: its number is not replaced by B's.
      expect((await invoicesOf(seed.tenantId)).map((row) => [row.invoice_number, row.id])).toEqual([
        ['ZRH1A/2026/00001', shared],
        ['ZRH1B/2026/00002', other],
      ]);
      const report = await numberSeriesReportForTenant(test.db, seed.tenantId, '2026');
      expect(report.clean).toBe(false);
      expect(report.series.find((entry) => entry.series === 'inv:ZRH1B:2026')).toMatchObject({
        first: 2,
        last: 2,
        gaps: [{ from: 1, to: 1 }],
        duplicates: [],
      });
    });

    it("runs one series through the device's garage and rental invoices, and flags a duplicate across them", async () => {
      const seed = await seedRental(test.db, engine);
      const garageInvoice = (seq: number): Row =>
        completeRow(tableSpec('invoices'), {
          id: uuidv7(),
          tenant_id: seed.tenantId,
          site_id: seed.siteA,
          job_id: uuidv7(),
          kind: 'invoice',
          number: `ZRH1A/2026/${String(seq).padStart(5, '0')}`,
          series: 'inv:ZRH1A:2026',
          seq,
          fiscal_year: '2026',
          issued_at: iso(T0),
          issued_by: seed.users.staffA,
          device_id: seed.a.device.deviceId,
          country: 'CH',
          currency: 'CHF',
          supplier: {},
          recipient: {},
          lines: [],
          tax_lines: [],
          taxable_minor: 100,
          tax_minor: 8,
          total_minor: 108,
          created_at: iso(T0),
          updated_at: iso(T0),
          deleted_at: null,
        });
      // The counter's garage screen used number 1 of the series; the rental close takes 2.
      const first = garageInvoice(1);
      await engine.writeRows(seed.tenantId, [{ table: 'invoices', row: first }]);
      seed.a.seqs.set('inv:ZRH1A:2026', 1);
      const contractId = await returnedContract(engine, seed, seed.a, seed.vehicleIds[0]!);
      const closed = await pushAll(engine, seed.a, [close(seed.a, contractId, await engine.currentVersion())]);
      expect(closed.outcomes[0]?.status).toBe('applied');
      const clean = await numberSeriesReportForTenant(test.db, seed.tenantId);
      expect(clean.clean).toBe(true);
      expect(clean.series.find((entry) => entry.series === 'inv:ZRH1A:2026')).toMatchObject({
        count: 2,
        first: 1,
        last: 2,
      });
      // A garage invoice that reused number 2: the report names both documents.
      const reused = garageInvoice(2);
      await engine.writeRows(seed.tenantId, [{ table: 'invoices', row: reused }]);
      const report = await numberSeriesReportForTenant(test.db, seed.tenantId);
      expect(report.clean).toBe(false);
      const series = report.series.find((entry) => entry.series === 'inv:ZRH1A:2026');
      expect(series?.duplicates).toHaveLength(1);
      expect(series?.duplicates[0]).toMatchObject({ seq: 2, numbers: ['ZRH1A/2026/00002', 'ZRH1A/2026/00002'] });
      expect([...(series?.duplicates[0]?.invoiceIds ?? [])].sort()).toEqual([contractId, reused.id].sort());
    });
  });
}
