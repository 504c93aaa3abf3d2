import { describe, expect, it } from 'vitest';
import { OWNER, SITE_2, STAFF, TEST_NOW, testContext } from '../../mutations/test-context.ts';
import { jobBalance, paymentFigures } from './balance.ts';
import { paymentConfirm, paymentMarkFailed, paymentRecord } from './payments.ts';
import { MANAGER, domainError, inserted, jobRow, managerCtx, ownerCtx, paymentRow, run, updated } from './test-rows.ts';

const job = jobRow({ status: 'in_progress' });

describe('payment.record', () => {
  const input = { jobId: job.id, kind: 'advance', method: 'upi', amountMinor: 200_000, reference: 'UPI 4321 8765' };

  it('records an unconfirmed payment of the job’s site and currency, with a timeline entry', () => {
    const ran = run(paymentRecord, input, { job }, managerCtx());
    const [payment] = inserted(ran, 'payments');
    expect(payment).toMatchObject({
      site_id: job.site_id,
      job_id: job.id,
      kind: 'advance',
      method: 'upi',
      amount_minor: 200_000,
      currency: 'INR',
      status: 'unconfirmed',
      recorded_by: MANAGER,
      confirmed_by: null,
    });
    const [entry] = inserted(ran, 'job_updates');
    expect(entry).toMatchObject({ job_id: job.id, kind: 'payment', author_id: MANAGER });
    expect(entry?.body).toContain('₹2,000.00 upi (advance) recorded');
  });

  it('lets staff record payments, and confirms at once what the owner records', () => {
    expect(inserted(run(paymentRecord, input, { job }, testContext({ role: 'staff' })), 'payments')[0]?.status).toBe(
      'unconfirmed',
    );
    const [own] = inserted(run(paymentRecord, input, { job }, ownerCtx()), 'payments');
    expect(own).toMatchObject({ status: 'confirmed', confirmed_by: OWNER, confirmed_at: TEST_NOW });
  });

  it('refuses viewers, cancelled jobs, zero amounts and unknown methods', () => {
    expect(domainError(() => run(paymentRecord, input, { job }, testContext({ role: 'viewer' }))).code).toBe(
      'forbidden',
    );
    expect(
      domainError(() => run(paymentRecord, input, { job: jobRow({ status: 'cancelled' }) }, managerCtx())).code,
    ).toBe('conflict');
    expect(domainError(() => run(paymentRecord, { ...input, amountMinor: 0 }, { job }, managerCtx())).code).toBe(
      'invalid',
    );
    expect(domainError(() => run(paymentRecord, { ...input, method: 'cheque' }, { job }, managerCtx())).code).toBe(
      'invalid',
    );
    expect(domainError(() => run(paymentRecord, input, { job: null }, managerCtx())).code).toBe('not-found');
  });
});

describe('payment.confirm: owners only', () => {
  const payment = paymentRow(1);

  it('confirms an unconfirmed payment with who and when', () => {
    const ran = run(paymentConfirm, { paymentId: payment.id }, { payment }, ownerCtx(), [payment]);
    expect(updated(ran, 'payments')[0]?.after).toMatchObject({
      status: 'confirmed',
      confirmed_by: OWNER,
      confirmed_at: TEST_NOW,
    });
  });

  it.each(['manager', 'staff', 'viewer'] as const)('refuses a %s with the reason', (role) => {
    const error = domainError(() =>
      run(paymentConfirm, { paymentId: payment.id }, { payment }, testContext({ role, userId: STAFF })),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('payment.confirm needs the role owner');
  });

  it('is harmless twice and refuses failed payments', () => {
    const confirmed = paymentRow(1, { status: 'confirmed', confirmed_by: OWNER });
    expect(run(paymentConfirm, { paymentId: payment.id }, { payment: confirmed }, ownerCtx()).decision.changes).toEqual(
      [],
    );
    expect(
      domainError(() =>
        run(paymentConfirm, { paymentId: payment.id }, { payment: paymentRow(1, { status: 'failed' }) }, ownerCtx()),
      ).code,
    ).toBe('conflict');
  });
});

describe('payment.markFailed', () => {
  it('marks a payment failed with its reason (owners only)', () => {
    const payment = paymentRow(1, { status: 'confirmed' });
    const ran = run(paymentMarkFailed, { paymentId: payment.id, reason: 'UPI reversed' }, { payment }, ownerCtx(), [
      payment,
    ]);
    expect(updated(ran, 'payments')[0]?.after).toMatchObject({ status: 'failed', status_reason: 'UPI reversed' });
    expect(
      domainError(() => run(paymentMarkFailed, { paymentId: payment.id, reason: 'x' }, { payment }, managerCtx())).code,
    ).toBe('forbidden');
  });

  it('refuses a payment inside a settlement', () => {
    const payment = paymentRow(1, { settlement_id: paymentRow(9).id });
    expect(
      domainError(() => run(paymentMarkFailed, { paymentId: payment.id, reason: 'x' }, { payment }, ownerCtx())).code,
    ).toBe('conflict');
  });

  it('refuses a payment of another site', () => {
    const payment = paymentRow(1, { status: 'confirmed', site_id: SITE_2 });
    expect(
      domainError(() =>
        run(paymentMarkFailed, { paymentId: payment.id, reason: 'x' }, { payment }, ownerCtx(), [payment]),
      ).code,
    ).toBe('forbidden');
  });
});

describe('balance due and outstanding credit', () => {
  const payments = [
    paymentRow(1, { status: 'confirmed', amount_minor: 100_000 }),
    paymentRow(2, { status: 'unconfirmed', amount_minor: 50_000 }),
    paymentRow(3, { status: 'failed', amount_minor: 70_000 }),
    paymentRow(4, { status: 'refunded', amount_minor: 30_000, refunded_minor: 30_000 }),
    paymentRow(5, { status: 'confirmed', kind: 'refund', amount_minor: 10_000 }),
    paymentRow(6, { status: 'confirmed', kind: 'refund', amount_minor: 30_000, refund_of_id: paymentRow(4).id }),
    paymentRow(7, { status: 'disputed', amount_minor: 5_000 }),
  ];

  it('keeps confirmed, unconfirmed and disputed money apart; failed counts nothing', () => {
    expect(paymentFigures(payments)).toEqual({
      confirmedMinor: 90_000,
      unconfirmedMinor: 50_000,
      disputedMinor: 5_000,
    });
  });

  it('derives balance due (confirmed only) and outstanding credit (after unconfirmed)', () => {
    expect(jobBalance(300_000, payments)).toMatchObject({
      valueMinor: 300_000,
      balanceDueMinor: 210_000,
      outstandingMinor: 160_000,
    });
  });
});
