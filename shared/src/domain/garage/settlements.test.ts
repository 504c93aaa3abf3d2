import { describe, expect, it } from 'vitest';
import { OWNER, SITE_2, TEST_NOW, testContext } from '../../mutations/test-context.ts';
import { settlementConfirm, settlementCreate, settlementReject } from './settlements.ts';
import { MANAGER, domainError, inserted, managerCtx, ownerCtx, paymentRow, run, updated } from './test-rows.ts';
import { testRow } from '../../mutations/test-context.ts';

const cash1 = paymentRow(1, { amount_minor: 150_000 });
const cash2 = paymentRow(2, { amount_minor: 25_050, status: 'confirmed' });
const state = { p0: cash1, p1: cash2 };
const input = { paymentIds: [cash1.id, cash2.id], amountMinor: 175_050, note: 'Evening cash' };

describe('settlement.create', () => {
  it('lists the payments, sums them and marks each as settled by it', () => {
    const ran = run(settlementCreate, input, state, managerCtx(), [cash1, cash2]);
    const [settlement] = inserted(ran, 'settlements');
    expect(settlement).toMatchObject({
      manager_id: MANAGER,
      amount_minor: 175_050,
      currency: 'INR',
      status: 'submitted',
      payment_ids: [cash1.id, cash2.id],
    });
    expect(updated(ran, 'payments').map((change) => change.after.settlement_id)).toEqual([
      settlement?.id,
      settlement?.id,
    ]);
  });

  it('refuses a count that does not match the payments', () => {
    const error = domainError(() => run(settlementCreate, { ...input, amountMinor: 175_000 }, state, managerCtx()));
    expect(error.message).toContain('₹1,750.00');
    expect(error.message).toContain('₹1,750.50');
  });

  it('settles a payment once', () => {
    const settled = paymentRow(2, { settlement_id: paymentRow(99).id });
    expect(
      domainError(() =>
        run(settlementCreate, { paymentIds: [cash1.id, cash2.id] }, { p0: cash1, p1: settled }, managerCtx()),
      ).message,
    ).toMatch(/already in settlement/);
  });

  it('takes only cash, live payments of one site', () => {
    const upi = paymentRow(2, { method: 'upi' });
    const failed = paymentRow(2, { status: 'failed' });
    const elsewhere = paymentRow(2, { site_id: SITE_2 });
    for (const other of [upi, failed, elsewhere]) {
      expect(() =>
        run(settlementCreate, { paymentIds: [cash1.id, cash2.id] }, { p0: cash1, p1: other }, managerCtx()),
      ).toThrow();
    }
    expect(domainError(() => run(settlementCreate, { paymentIds: [cash1.id] }, { p0: null }, managerCtx())).code).toBe(
      'not-found',
    );
  });

  it('is for managers and staff handing cash over, not the owner', () => {
    expect(domainError(() => run(settlementCreate, input, state, ownerCtx())).code).toBe('forbidden');
    expect(
      inserted(run(settlementCreate, input, state, testContext({ role: 'staff' }), [cash1, cash2]), 'settlements'),
    ).toHaveLength(1);
  });
});

describe('settlement.confirm / reject (owners only)', () => {
  const settlement = testRow('settlements', {
    id: paymentRow(90).id,
    manager_id: MANAGER,
    amount_minor: 175_050,
    currency: 'INR',
    payment_ids: [cash1.id, cash2.id],
    status: 'submitted',
  });
  const inIt = [
    paymentRow(1, { settlement_id: settlement.id }),
    paymentRow(2, { settlement_id: settlement.id, status: 'confirmed' }),
  ];

  it('confirms the settlement and its unconfirmed payments', () => {
    const ran = run(settlementConfirm, { settlementId: settlement.id }, { settlement, payments: inIt }, ownerCtx(), [
      settlement,
      ...inIt,
    ]);
    expect(updated(ran, 'settlements')[0]?.after).toMatchObject({
      status: 'confirmed',
      confirmed_by: OWNER,
      confirmed_at: TEST_NOW,
    });
    expect(updated(ran, 'payments').map((change) => [change.id, change.after.status])).toEqual([
      [cash1.id, 'confirmed'],
    ]);
  });

  it('refuses a manager, and confirming twice changes nothing', () => {
    expect(
      domainError(() =>
        run(settlementConfirm, { settlementId: settlement.id }, { settlement, payments: inIt }, managerCtx()),
      ).code,
    ).toBe('forbidden');
    const confirmed = { ...settlement, status: 'confirmed' };
    expect(
      run(settlementConfirm, { settlementId: settlement.id }, { settlement: confirmed, payments: inIt }, ownerCtx())
        .decision.changes,
    ).toEqual([]);
  });

  it('rejecting frees the payments for another settlement', () => {
    const ran = run(
      settlementReject,
      { settlementId: settlement.id, reason: 'short by ₹50' },
      { settlement, payments: inIt },
      ownerCtx(),
      [settlement, ...inIt],
    );
    expect(updated(ran, 'settlements')[0]?.after).toMatchObject({ status: 'rejected', reject_reason: 'short by ₹50' });
    expect(updated(ran, 'payments').every((change) => change.after.settlement_id === null)).toBe(true);
  });
});
