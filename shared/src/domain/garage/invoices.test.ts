import { describe, expect, it } from 'vitest';
import { testContext, testRow } from '../../mutations/test-context.ts';
import type { Row } from '../../schema/tables.ts';
import { invoiceCreditNote, invoiceFinalise } from './invoices.ts';
import {
  MANAGER,
  SUPPLIER_GSTIN,
  customerRow,
  domainError,
  inserted,
  jobRow,
  lineRow,
  managerCtx,
  ownerCtx,
  profileRow,
  run,
  siteRow,
  tenantCH,
  tenantIN,
  updated,
  vehicleRow,
} from './test-rows.ts';

const job = jobRow();
const lines = [
  lineRow(1),
  lineRow(2, { kind: 'labour', pricing: 'hourly', hsn_sac: '9987', quantity_milli: 1500, unit_price_minor: 60_000 }),
];
const input = { jobId: job.id, customerId: customerRow.id, vehicleId: vehicleRow.id };

function state(extra: Record<string, unknown> = {}) {
  return {
    job,
    customer: customerRow,
    vehicle: vehicleRow,
    lines,
    invoices: [] as Row[],
    tenant: tenantIN,
    sites: [siteRow],
    profiles: [profileRow],
    ...extra,
  };
}

function finalise(extra: Record<string, unknown> = {}, ctx = managerCtx({ firstSeq: { 'inv:BLR1A:2627': 42 } })) {
  return run(invoiceFinalise, input, state(extra), ctx, [job]);
}

describe('invoice.finalise', () => {
  it('numbers the invoice from the device series of the fiscal year and freezes what it prints', () => {
    const ran = finalise();
    const [invoice] = inserted(ran, 'invoices');
    expect(invoice).toMatchObject({
      kind: 'invoice',
      number: 'BLR1A/2627/00042',
      series: 'inv:BLR1A:2627',
      seq: 42,
      fiscal_year: '2627',
      place_of_supply: '29',
      taxable_minor: 190_000,
      tax_minor: 34_200,
      total_minor: 224_200,
      job_manager_id: MANAGER,
    });
    expect(invoice?.supplier).toMatchObject({ taxId: SUPPLIER_GSTIN, stateCode: '29', stateName: 'Karnataka' });
    expect(invoice?.recipient).toMatchObject({
      name: 'Asha Rao',
      vehicle: { registration: 'KA 01 AB 1234' },
      jobNumber: 'BLR1A-00007',
    });
    expect(invoice?.tax_lines).toEqual([
      { component: 'CGST', rateBp: 900, taxableMinor: 190_000, amountMinor: 17_100 },
      { component: 'SGST', rateBp: 900, taxableMinor: 190_000, amountMinor: 17_100 },
    ]);
    expect(updated(ran, 'jobs')[0]?.after.invoice_id).toBe(invoice?.id);
    expect(inserted(ran, 'job_updates')[0]?.body).toBe('Invoice BLR1A/2627/00042 for ₹2,242.00');
  });

  it('charges IGST to a business customer registered in another state (place of supply from the GSTIN)', () => {
    const business = { ...customerRow, tax_id: '27AAPFU0939F1ZV' };
    const [invoice] = inserted(finalise({ customer: business }), 'invoices');
    expect(invoice?.place_of_supply).toBe('27');
    expect(invoice?.tax_lines).toEqual([
      { component: 'IGST', rateBp: 1800, taxableMinor: 190_000, amountMinor: 34_200 },
    ]);
    expect(invoice?.recipient).toMatchObject({ taxId: '27AAPFU0939F1ZV', stateName: 'Maharashtra' });
  });

  it('takes the number last: a refused finalisation asks for no number', () => {
    const ctx = managerCtx();
    expect(() => run(invoiceFinalise, input, state({ lines: [] }), ctx)).toThrow(/add labour or parts/);
    expect(ctx.seqCalls).toEqual([]);
  });

  it('starts a fresh series on 1 April (India) and 1 January (Switzerland), by local date', () => {
    const april = managerCtx({ now: '2027-03-31T19:00:00.000Z' });
    expect(inserted(finalise({}, april), 'invoices')[0]?.number).toBe('BLR1A/2728/00001');
    const chSite = { ...siteRow, tax_id: 'CHE-116.281.710 MWST', timezone: 'Europe/Zurich' };
    const chLines = [lineRow(1, { tax_rate_bp: 810, unit_price_minor: 12_345 })];
    const ch = run(
      invoiceFinalise,
      input,
      state({ tenant: tenantCH, sites: [chSite], profiles: [], lines: chLines, job: { ...job, currency: 'CHF' } }),
      managerCtx({ now: '2026-12-31T23:30:00.000Z' }),
      [job],
    );
    const [invoice] = inserted(ch, 'invoices');
    expect(invoice).toMatchObject({
      number: 'BLR1A/2027/00001',
      place_of_supply: null,
      tax_minor: 1000,
      total_minor: 13_345,
    });
    expect(invoice?.tax_lines).toEqual([{ component: 'VAT', rateBp: 810, taxableMinor: 12_345, amountMinor: 1000 }]);
  });

  it('refuses a rate no longer in force on the invoice date', () => {
    const old = [lineRow(1, { tax_rate_bp: 2800 })];
    expect(domainError(() => finalise({ lines: old })).message).toMatch(
      /28% is not a IN tax rate in force on 2026-11-22/,
    );
  });

  it('refuses an invoiced job, an open job, a changed customer and a workshop without GSTIN', () => {
    expect(domainError(() => finalise({ job: { ...job, invoice_id: lineRow(9).id } })).code).toBe('conflict');
    expect(domainError(() => finalise({ job: { ...job, status: 'in_progress' } })).code).toBe('conflict');
    expect(domainError(() => finalise({ job: { ...job, customer_id: lineRow(8).id } })).message).toMatch(/changed/);
    expect(domainError(() => finalise({ sites: [{ ...siteRow, tax_id: null }] })).message).toMatch(/GSTIN/);
    expect(domainError(() => run(invoiceFinalise, input, state(), testContext({ role: 'viewer' }))).code).toBe(
      'forbidden',
    );
  });
});

describe('invoice.creditNote', () => {
  const [invoice] = inserted(finalise(), 'invoices');
  if (!invoice) throw new Error('no invoice');
  const stored = testRow('invoices', invoice);

  it('reverses the whole invoice under its own series, references it and frees the job', () => {
    const ran = run(
      invoiceCreditNote,
      { invoiceId: stored.id, reason: 'wrong customer name' },
      { invoice: stored, credits: [], tenant: tenantIN, sites: [siteRow] },
      ownerCtx({ firstSeq: { 'cn:BLR1A:2627': 3 } }),
      [{ ...job, invoice_id: stored.id }],
    );
    const [credit] = inserted(ran, 'invoices');
    expect(credit).toMatchObject({
      kind: 'credit_note',
      number: 'BLR1A/2627/C0003',
      credit_of_id: stored.id,
      reason: 'wrong customer name',
      total_minor: 224_200,
    });
    expect(credit?.lines).toEqual(stored.lines);
    expect(updated(ran, 'jobs')[0]?.after.invoice_id).toBeNull();
  });

  it('credits an invoice once, and only managers or owners may', () => {
    const credit = {
      ...stored,
      id: lineRow(7).id,
      kind: 'credit_note',
      number: 'BLR1A/2627/C0001',
      credit_of_id: stored.id,
    };
    expect(
      domainError(() =>
        run(
          invoiceCreditNote,
          { invoiceId: stored.id, reason: 'x' },
          { invoice: stored, credits: [credit], tenant: tenantIN, sites: [siteRow] },
          ownerCtx(),
        ),
      ).code,
    ).toBe('conflict');
    expect(
      domainError(() =>
        run(
          invoiceCreditNote,
          { invoiceId: stored.id, reason: 'x' },
          { invoice: stored, credits: [], tenant: tenantIN, sites: [siteRow] },
          testContext({ role: 'staff' }),
        ),
      ).code,
    ).toBe('forbidden');
  });

  it('lets the job be invoiced again after its credit note', () => {
    const credit = { ...stored, id: lineRow(7).id, kind: 'credit_note', credit_of_id: stored.id };
    const [again] = inserted(
      finalise({ invoices: [stored, credit] }, managerCtx({ firstSeq: { 'inv:BLR1A:2627': 43 } })),
      'invoices',
    );
    expect(again?.number).toBe('BLR1A/2627/00043');
  });
});
