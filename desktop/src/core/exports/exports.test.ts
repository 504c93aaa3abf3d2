import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGarageReplica, type GarageReplica } from '../analytics/garage-fixture.test-support.ts';
import { exportWorkbook } from './index.ts';

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
