import { describe, expect, it } from 'vitest';
import { recordingEnv, replayingEnv } from '../../mutations/env.ts';
import { SITE_1, testContext, testId, testRow, type TestContextOptions } from '../../mutations/test-context.ts';
import type { Row } from '../../schema/table-spec.ts';
import { domainError, run, updated } from '../garage/test-rows.ts';
import { fiscalYear, seriesKey } from '../garage/numbering.ts';
import {
  rentalContractCancel,
  rentalContractClose,
  rentalContractReturn,
  rentalPaymentRecord,
} from './contract-mutations.ts';

/**
 * The rental invoice's legal number (DESIGN §4.5): given once, at rental.contractClose, from the
 * closing device's invoice series of the fiscal year (the series its garage invoices use), taken
 * last, replayed by the server, never changed afterwards.
 */
const zurich = testRow('sites', { id: SITE_1, name: 'Zürich', code: 'ZRH1', timezone: 'Europe/Zurich' });
const swiss = testRow('tenants', { name: 'Alpen Rent', country: 'CH', currency: 'CHF' });
const ctxAt = (now: string, options: TestContextOptions = {}) => testContext({ deviceCode: 'ZRH1A', now, ...options });

const returned = (n: number, values: Record<string, unknown> = {}): Row =>
  testRow('rental_contracts', {
    id: testId(7000 + n),
    site_id: SITE_1,
    return_site_id: SITE_1,
    number: `ZRH1A-26-${String(n).padStart(5, '0')}`,
    series: 'contract:ZRH1A:2026',
    seq: n,
    customer_id: testId(3001),
    additional_driver_ids: [],
    vehicle_id: testId(2001),
    class_id: testId(1001),
    status: 'returned',
    opened_at: '2026-11-20T08:00:00.000Z',
    due_at: '2026-11-23T08:00:00.000Z',
    returned_at: '2026-11-23T08:00:00.000Z',
    km_out: 12_000,
    km_in: 12_500,
    fuel_out: 8,
    fuel_in: 8,
    damages_out: [],
    damages_in: [],
    accessories: [],
    rates: {},
    deductible_minor: 150_000,
    deposit_minor: 0,
    terms_version: '2026-01',
    photos_out: [],
    photos_in: [],
    charges: [{ code: 'time', label: 'Rental 3 days', amountMinor: 26_700 }],
    currency: 'CHF',
    opened_by: testId(1),
    ...values,
  });

const close = (contract: Row, ctx: ReturnType<typeof testContext>, tenant: Row = swiss, sites: Row[] = [zurich]) =>
  run(rentalContractClose, { contractId: contract.id, cash: false }, { contract, tenant, payments: [], sites }, ctx, [
    contract,
  ]);
const closedRow = (ran: ReturnType<typeof close>) => updated(ran, 'rental_contracts')[0]!.after;

describe('rental invoice numbers', () => {
  it("numbers each closed contract's invoice consecutively from the device's invoice series", () => {
    const ctx = ctxAt('2026-11-23T09:00:00.000Z');
    const first = closedRow(close(returned(1), ctx));
    const second = closedRow(close(returned(2), ctx));
    expect(first).toMatchObject({
      status: 'closed',
      invoice_number: 'ZRH1A/2026/00001',
      invoice_series: 'inv:ZRH1A:2026',
      invoice_seq: 1,
      invoice_fiscal_year: '2026',
    });
    expect(second).toMatchObject({ invoice_number: 'ZRH1A/2026/00002', invoice_seq: 2 });
    // The contract keeps its own number and series: two documents, two series.
    expect([first.number, first.series]).toEqual(['ZRH1A-26-00001', 'contract:ZRH1A:2026']);
    // The very series garage invoices take from: after 41 garage invoices, the rental one is the 42nd.
    const series = seriesKey('invoice', 'ZRH1A', fiscalYear('CH', '2026-11-23'));
    expect(series).toBe('inv:ZRH1A:2026');
    const shared = ctxAt('2026-11-23T09:00:00.000Z', { firstSeq: { [series]: 42 } });
    expect(closedRow(close(returned(3), shared)).invoice_number).toBe('ZRH1A/2026/00042');
    expect(shared.seqCalls).toEqual([series]);
  });

  it("starts a new series with the fiscal year of the site's local date", () => {
    // 23:59 on 31 December in Zürich is still 2026; 00:30 on 1 January is 2027, number 1.
    const lastOf2026 = closedRow(close(returned(1), ctxAt('2026-12-31T22:59:00.000Z')));
    expect(lastOf2026).toMatchObject({ invoice_number: 'ZRH1A/2026/00001', invoice_fiscal_year: '2026' });
    const firstOf2027 = closedRow(close(returned(2), ctxAt('2026-12-31T23:30:00.000Z')));
    expect(firstOf2027).toMatchObject({
      invoice_number: 'ZRH1A/2027/00001',
      invoice_series: 'inv:ZRH1A:2027',
      invoice_fiscal_year: '2027',
    });
    // India: the fiscal year starts on 1 April, by the site's clock (19:00 UTC is 00:30 in Kolkata).
    const india = testRow('tenants', { name: 'Rao Rentals', country: 'IN', currency: 'INR' });
    const kolkata = { ...zurich, timezone: 'Asia/Kolkata' };
    const april = closedRow(
      close(returned(3, { currency: 'INR' }), ctxAt('2027-03-31T19:00:00.000Z'), india, [kolkata]),
    );
    expect(april).toMatchObject({ invoice_number: 'ZRH1A/2728/00001', invoice_fiscal_year: '2728' });
  });

  it('takes the number last: a refused close asks for none', () => {
    const ctx = ctxAt('2026-11-23T09:00:00.000Z');
    for (const status of ['open', 'closed', 'cancelled']) {
      expect(domainError(() => close(returned(1, { status }), ctx))).toMatchObject({
        code: 'conflict',
        message: `a ${status} contract cannot be closed`,
      });
    }
    expect(ctx.seqCalls).toEqual([]);
  });

  it('never changes a numbered invoice: every contract mutation refuses the closed contract or leaves it alone', () => {
    const ctx = ctxAt('2026-11-23T09:00:00.000Z');
    const closed = closedRow(close(returned(1), ctx));
    const later = ctxAt('2026-11-24T09:00:00.000Z');
    expect(domainError(() => close(closed, later)).code).toBe('conflict');
    expect(
      domainError(() =>
        run(
          rentalContractReturn,
          { contractId: closed.id, kmIn: 13_000, fuelIn: 8, damagesIn: [] },
          { contract: closed },
          later,
          [closed],
        ),
      ).code,
    ).toBe('conflict');
    expect(
      domainError(() =>
        run(rentalContractCancel, { contractId: closed.id, reason: 'x' }, { contract: closed }, later, [closed]),
      ).code,
    ).toBe('conflict');
    // The renter paying the invoice adds a payment row; the contract row is not touched.
    const paid = run(
      rentalPaymentRecord,
      { contractId: closed.id, kind: 'final', method: 'bank_transfer', amountMinor: 26_700 },
      { contract: closed },
      later,
      [closed],
    );
    expect(paid.planned.map((change) => change.table)).toEqual(['payments']);
    expect(later.seqCalls).toEqual([]);
  });

  it('is replayed by the server with the number the counter recorded, and cannot be invented there', () => {
    const contract = returned(1);
    const counter = recordingEnv(
      '2026-11-23T09:00:00.000Z',
      () => testId(1),
      () => 7,
    );
    const onCounter = closedRow(close(contract, ctxAt('2026-11-23T09:00:00.000Z', { source: counter.source })));
    expect(counter.env.seqs).toEqual({ 'inv:ZRH1A:2026': [7] });
    const replay = ctxAt('2026-11-23T09:00:00.000Z', { source: replayingEnv(counter.env, () => testId(2)) });
    expect(closedRow(close(contract, { ...replay, authoritative: true })).invoice_number).toBe(
      onCounter.invoice_number,
    );
    expect(onCounter.invoice_number).toBe('ZRH1A/2026/00007');
    const empty = ctxAt('2026-11-23T09:00:00.000Z', {
      source: replayingEnv({ now: '2026-11-23T09:00:00.000Z', ids: [], seqs: {} }, () => testId(3)),
    });
    expect(domainError(() => close(contract, empty)).message).toBe(
      'no inv:ZRH1A:2026 number was recorded on the counter',
    );
  });
});
