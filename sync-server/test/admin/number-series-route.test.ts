import { tableSpec, uuidv7, type ColumnKind, type Row, type TableName } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolTestDevice,
  PROTOCOL,
  seedTenant,
  seedUser,
  signInOn,
  startTestServer,
  type EnrolledTestDevice,
  type SeededTenant,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

const FILLER: Record<ColumnKind, unknown> = {
  id: '00000000-0000-7000-8000-000000000000',
  text: 'x',
  time: '2026-03-01T09:00:00.000Z',
  int: 0,
  bool: false,
  json: [],
};

/** A row with every required column filled; the test sets the columns the report reads. */
function documentRow(table: TableName, tenantId: string, values: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const [column, spec] of Object.entries(tableSpec(table).columns))
    row[column] = spec.nullable ? null : FILLER[spec.kind];
  return { ...row, id: uuidv7(), tenant_id: tenantId, deleted_at: null, ...values } as Row; // all columns set above
}

for (const kind of databaseKinds()) {
  describe(`number series report route (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let counter: EnrolledTestDevice;

    beforeAll(async () => {
      server = await startTestServer(kind);
      tenant = await seedTenant(server);
      counter = await enrolTestDevice(server, { siteId: tenant.siteId });
    });
    afterAll(async () => server?.close());

    const report = (token: string, query = '') =>
      server.app.inject({
        method: 'GET',
        url: `/api/v1/reports/number-series${query}`,
        headers: { ...PROTOCOL, authorization: `Bearer ${token}` },
      });

    it('flags a duplicate and a gap in a contract series and a gap in an invoice series, for the owner only', async () => {
      const contract = (seq: number, number: string) =>
        documentRow('rental_contracts', tenant.tenantId, {
          site_id: tenant.siteId,
          series: 'contract:BLR1A:2026',
          seq,
          number,
        });
      const invoice = (seq: number) =>
        documentRow('invoices', tenant.tenantId, {
          site_id: tenant.siteId,
          series: 'inv:BLR1A:2627',
          kind: 'invoice',
          fiscal_year: '2627',
          seq,
          number: `BLR1A/2627/${String(seq).padStart(5, '0')}`,
        });
      await server.engine.writeRows(
        tenant.tenantId,
        [
          contract(1, 'BLR1A-26-00001'),
          contract(2, 'BLR1A-26-00002'),
          contract(2, 'BLR1A-26-00002'),
          contract(4, 'BLR1A-26-00004'),
        ].map((row) => ({ table: 'rental_contracts' as const, row })),
      );
      await server.engine.writeRows(
        tenant.tenantId,
        [invoice(1), invoice(3)].map((row) => ({ table: 'invoices' as const, row })),
      );
      const owner = await signInOn(server, counter, tenant.ownerEmail);
      const all = (await report(owner.accessToken)).json().data;
      expect(all.clean).toBe(false);
      expect(all.series).toEqual([
        expect.objectContaining({
          series: 'contract:BLR1A:2026',
          kind: 'contract',
          fiscalYear: '2026',
          count: 4,
          duplicates: [expect.objectContaining({ seq: 2, numbers: ['BLR1A-26-00002', 'BLR1A-26-00002'] })],
          gaps: [{ from: 3, to: 3 }],
        }),
        expect.objectContaining({ series: 'inv:BLR1A:2627', kind: 'invoice', gaps: [{ from: 2, to: 2 }] }),
      ]);
      const contractsOnly = (await report(owner.accessToken, '?fiscalYear=2026')).json().data;
      expect(contractsOnly.series.map((entry: { series: string }) => entry.series)).toEqual(['contract:BLR1A:2026']);

      const manager = await seedUser(server, tenant, 'manager');
      const managerSession = await signInOn(server, counter, manager.email);
      expect((await report(managerSession.accessToken)).statusCode).toBe(403);
      expect((await report(owner.accessToken, '?fiscalYear=26')).statusCode).toBe(400);
    });
  });
}
