import { describe, expect, it } from 'vitest';
import type { Row } from '@forecourt/shared/schema/tables';
import { jobMoney, type JobMoneyRows } from './job-money.ts';

const row = (id: string, values: Record<string, unknown>): Row => ({ id, tenant_id: 't', ...values }) as Row; // test rows: the columns vary by table
const line = (id: string, position: number, quantityMilli: number, price: number, rateBp: number, discount = 0) =>
  row(id, {
    job_id: 'j',
    position,
    quantity_milli: quantityMilli,
    unit_price_minor: price,
    discount_minor: discount,
    tax_rate_bp: rateBp,
    deleted_at: null,
  });

function rows(overrides: Partial<JobMoneyRows> = {}): JobMoneyRows {
  return {
    job: row('j', { status: 'in_progress', currency: 'INR', customer_id: 'c', estimate_minor: 100_000 }),
    lines: [line('a', 1, 1500, 80_000, 1800), line('b', 2, 2000, 45_000, 500, 5000)],
    payments: [],
    invoices: [],
    tenant: row('t', { country: 'IN' }),
    site: row('s', { tax_id: '29ABCDE1234F1Z5', name: 'Koramangala' }),
    profile: row('p', { state_code: '29' }),
    customer: row('c', { name: 'Deepika', tax_id: null, state_code: null }),
    ...overrides,
  };
}

describe('job money on the job screen', () => {
  it('splits CGST and SGST per rate inside the state and counts confirmed money apart', () => {
    const money = jobMoney(
      rows({
        payments: [
          row('p1', { kind: 'advance', amount_minor: 100_000, status: 'confirmed', created_at: '1' }),
          row('p2', { kind: 'partial', amount_minor: 50_000, status: 'unconfirmed', created_at: '2' }),
        ],
      }),
    );
    expect(money.totals.taxableMinor).toBe(205_000);
    expect(money.totals.taxLines.map((tax) => [tax.component, tax.rateBp, tax.amountMinor])).toEqual([
      ['CGST', 250, 2125],
      ['SGST', 250, 2125],
      ['CGST', 900, 10_800],
      ['SGST', 900, 10_800],
    ]);
    expect(money.totals.totalMinor).toBe(230_850);
    expect(money.balance.balanceDueMinor).toBe(130_850);
    expect(money.balance.outstandingMinor).toBe(80_850);
    expect(money.regimeNote).toBeNull();
  });

  it('uses IGST for a customer registered in another state, and the invoice once there is one', () => {
    const other = jobMoney(rows({ customer: row('c', { name: 'Firm', tax_id: '27AAPFU0939F1ZV' }) }));
    expect(other.totals.taxLines.map((tax) => tax.component)).toEqual(['IGST', 'IGST']);
    const invoice = row('i', {
      kind: 'invoice',
      number: 'BLR1A/2627/00001',
      issued_at: '2026-12-04T10:00:00Z',
      tax_lines: [{ component: 'IGST', rateBp: 1800, taxableMinor: 1000, amountMinor: 180 }],
      taxable_minor: 1000,
      tax_minor: 180,
      total_minor: 1180,
    });
    const invoiced = jobMoney(rows({ invoices: [invoice] }));
    expect(invoiced.activeInvoice?.id).toBe('i');
    expect(invoiced.totals.totalMinor).toBe(1180);
    expect(invoiced.balance.valueMinor).toBe(1180);
    const credited = jobMoney(
      rows({
        invoices: [
          invoice,
          row('cn', { kind: 'credit_note', credit_of_id: 'i', issued_at: '2026-12-05', total_minor: 1180 }),
        ],
      }),
    );
    expect(credited.activeInvoice).toBeNull();
    expect(credited.totals.totalMinor).toBe(230_850);
  });

  it('charges one Swiss VAT per rate in Switzerland', () => {
    const money = jobMoney(
      rows({
        job: row('j', { status: 'in_progress', currency: 'CHF', customer_id: 'c' }),
        tenant: row('t', { country: 'CH' }),
        site: row('s', { tax_id: 'CHE-123.456.788 MWST' }),
        profile: null,
        lines: [line('a', 1, 2000, 12_500, 810), line('b', 2, 1000, 3_995, 260)],
      }),
    );
    expect(money.currency).toBe('CHF');
    expect(money.totals.taxLines.map((tax) => [tax.component, tax.rateBp, tax.amountMinor])).toEqual([
      ['VAT', 260, 104],
      ['VAT', 810, 2025],
    ]);
    expect(money.totals.totalMinor).toBe(25_000 + 3_995 + 104 + 2025);
  });

  it('says when the split is only assumed because the workshop has no GSTIN', () => {
    const money = jobMoney(rows({ site: row('s', { tax_id: null }), profile: null }));
    expect(money.regimeNote).toMatch(/GSTIN/);
    expect(money.supplierHasTaxId).toBe(false);
  });
});
