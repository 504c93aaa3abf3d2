import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGarageReplica, type GarageReplica } from '../analytics/garage-fixture.test-support.ts';
import { exportWorkbook } from './index.ts';
import { buildSheet, isoMs, SharedStrings, writeWorkbook } from './workbook.ts';

async function readBack(xlsx: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's load type predates Node's generic Buffer; the bytes are the same.
  await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('Excel exports (read back with exceljs)', () => {
  let garage: GarageReplica;
  let numbers: string[];
  beforeAll(() => {
    garage = createGarageReplica();
    const first = garage.job({ status: 'delivered', invoice: true });
    garage.now += 86_400_000;
    const second = garage.job({ status: 'in_progress', actor: garage.staff, customer: 'Ravi Kumar' });
    numbers = [first.number, second.number];
    const cash = garage.replica
      .store()
      .find('payments', { job_id: first.jobId })
      .map((p) => p.id);
    garage.mutate(garage.manager, 'settlement.create', { paymentIds: cash });
  });
  afterAll(() => garage.close());

  it('exports jobs with real dates, currency formats, widths and a frozen header row', async () => {
    const { xlsx, rows } = exportWorkbook(garage.replica.db, garage.tenantId, 'jobs', { timeZone: 'Asia/Kolkata' });
    expect(rows).toBe(2);
    const sheet = await readBack(xlsx);
    expect(sheet.name).toBe('Jobs');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    const header = sheet.getRow(1).values as unknown[]; // exceljs rows are 1-based sparse arrays
    expect(header.slice(1, 6)).toEqual(['Job', 'Opened', 'Site', 'Status', 'Customer']);
    expect(sheet.getColumn(1).width).toBe(14);
    expect(sheet.getColumn(5).width).toBe(24);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(sheet.autoFilter).toBe('A1:T3');
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(numbers[0]);
    // 2026-11-20 04:30 UTC is 10:00 in Bengaluru: Excel stores the wall-clock time.
    expect(first.getCell(2).value).toEqual(new Date('2026-11-20T10:00:00.000Z'));
    expect(first.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(first.getCell(4).value).toBe('delivered');
    expect(first.getCell(15).value).toBe(3954.18);
    expect(first.getCell(15).numFmt).toBe('"₹"#,##0.00');
    expect(first.getCell(16).value).toBe('BLR1A/2627/00001');
    expect(sheet.getRow(3).getCell(5).value).toBe('Ravi Kumar');
    expect(sheet.getRow(3).getCell(10).value).toBe('Staff Ravi');
  });

  it('applies the dashboard filters', async () => {
    const db = garage.replica.db;
    expect(exportWorkbook(db, garage.tenantId, 'jobs', { from: '2026-11-21', timeZone: 'Asia/Kolkata' }).rows).toBe(1);
    expect(exportWorkbook(db, garage.tenantId, 'jobs', { status: 'delivered', timeZone: 'Asia/Kolkata' }).rows).toBe(1);
    expect(
      exportWorkbook(db, garage.tenantId, 'jobs', { managerId: garage.staff.userId, timeZone: 'Asia/Kolkata' }).rows,
    ).toBe(1);
    expect(exportWorkbook(db, garage.tenantId, 'jobs', { siteId: 'another-site' }).rows).toBe(0);
    expect(
      exportWorkbook(db, garage.tenantId, 'payments', { managerId: garage.staff.userId, timeZone: 'Asia/Kolkata' })
        .rows,
    ).toBe(1);
  });

  it('exports payments and settlements', async () => {
    const payments = await readBack(
      exportWorkbook(garage.replica.db, garage.tenantId, 'payments', { timeZone: 'Asia/Kolkata' }).xlsx,
    );
    expect(payments.rowCount).toBe(3);
    expect(payments.getRow(2).getCell(2).value).toBe(numbers[0]);
    expect(payments.getRow(2).getCell(7).value).toBe(1000);
    expect(payments.getRow(2).getCell(14).value).toBe('yes');
    const settlements = await readBack(
      exportWorkbook(garage.replica.db, garage.tenantId, 'settlements', { timeZone: 'Asia/Kolkata' }).xlsx,
    );
    expect(settlements.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(settlements.getRow(2).values).toEqual(expect.arrayContaining(['Manager Meera', 1000, 1, 'submitted']));
  });
});

describe('sheet writer', () => {
  it('writes a sheet larger than one deflate chunk, escapes text and formats money and dates', async () => {
    const strings = new SharedStrings();
    const columns = [
      { header: 'Number', kind: 'text', width: 10, distinct: true },
      { header: 'Name', kind: 'text', width: 10 },
      { header: 'Money', kind: 'money', width: 10 },
      { header: 'At', kind: 'datetime', width: 10 },
      { header: 'Count', kind: 'int', width: 10 },
    ] as const;
    const rows: unknown[][] = [];
    for (let i = 0; i < 30_000; i += 1)
      rows.push([`JOB-${i} ${'x'.repeat(i % 40)}`, `Name ${i % 7}`, i * 7 - 1000, '2026-03-29T00:30:00.000Z', i]);
    rows.push([' <A&B> "quoted" ₹ \u0001', 'Ünïcode & <tags>', -5, '2026-13-99T00:00:00.000Z', 0]);
    rows.push(['x'.repeat(600_000), null, 1, 'not a date', null]);
    const sheet = buildSheet({ name: 'Test', columns, rows }, { timeZone: 'Europe/Zurich', currency: 'CHF' }, strings);
    const xlsx = writeWorkbook([sheet], strings, { timeZone: 'Europe/Zurich', currency: 'CHF' });
    expect(sheet.rows).toBe(30_002);
    expect(sheet.deflated.compressed.length).toBeGreaterThan(1);
    const read = await readBack(xlsx);
    expect(read.rowCount).toBe(30_003);
    const row = (n: number) => read.getRow(n + 2);
    expect(row(29_999).getCell(1).value).toBe(`JOB-29999 ${'x'.repeat(29_999 % 40)}`);
    expect(row(29_999).getCell(2).value).toBe('Name 4');
    expect(row(29_999).getCell(3).value).toBe(2089.93);
    expect(row(29_999).getCell(3).numFmt).toBe('"CHF "#,##0.00');
    expect(row(0).getCell(3).value).toBe(-10);
    expect(row(1).getCell(3).value).toBe(-9.93);
    // 00:30 UTC is 01:30 in Zurich before the switch to summer time at 02:00 that night.
    expect(row(0).getCell(4).value).toEqual(new Date('2026-03-29T01:30:00.000Z'));
    expect(row(30_000).getCell(1).value).toBe(' <A&B> "quoted" ₹ ');
    expect(row(30_000).getCell(2).value).toBe('Ünïcode & <tags>');
    expect(row(30_000).getCell(3).value).toBe(-0.05);
    expect(row(30_000).getCell(4).value).toBeNull();
    expect(row(30_001).getCell(1).value).toBe('x'.repeat(600_000));
    expect(row(30_001).getCell(2).value).toBeNull();
    expect(row(30_001).getCell(4).value).toBeNull();
  });

  it('reads the replica’s ISO times digit by digit and anything else with Date.parse', () => {
    for (const iso of [
      '2026-11-20T04:30:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2026-11-20T04:30:00Z',
      '2026-11-20',
      '2026-02-30T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
    ])
      expect(isoMs(iso)).toBe(Date.parse(iso));
    expect(isoMs('2026-11-2xT04:30:00.000Z')).toBeNaN();
    expect(isoMs('2026-11-20T04:30:00,000Z')).toBeNaN();
    expect(isoMs('2026-13-01T04:30:00.000Z')).toBeNaN();
  });
});
