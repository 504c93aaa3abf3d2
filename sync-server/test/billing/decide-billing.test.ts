import { describe, expect, it } from 'vitest';
import {
  decideBilling,
  planState,
  GRACE_MS,
  type BillingFacts,
  type SubscriptionRow,
} from '../../src/billing/tiers.ts';

const TENANT = 'tenant-1';
const SUB = 'sub_order';
const T0 = 1_772_355_600;

const facts = (created: number, kind: BillingFacts['kind'], status: string | null, eventId: string): BillingFacts => ({
  eventId,
  created,
  kind,
  subscriptionId: SUB,
  customerId: 'cus_order',
  status,
  tier: kind === 'subscription' ? 'professional' : null,
  currentPeriodEnd: null,
});

/** A Checkout, a failed renewal, then a paid one, as Stripe stamps them (same-second ties included). */
const HISTORY: BillingFacts[] = [
  facts(T0, 'subscription', 'incomplete', 'created'),
  facts(T0, 'subscription', 'active', 'activated'),
  facts(T0 + 100, 'invoice-failed', null, 'failed'),
  facts(T0 + 100, 'subscription', 'past_due', 'past-due'),
  facts(T0 + 200, 'invoice-paid', null, 'paid'),
  facts(T0 + 200, 'subscription', 'active', 'active-again'),
];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

function replay(order: readonly BillingFacts[]): SubscriptionRow | null {
  let row: SubscriptionRow | null = null;
  for (const fact of order) {
    const decision = decideBilling(row, TENANT, fact, '2026-03-01T09:00:00.000Z');
    if ('row' in decision) row = decision.row;
  }
  return row;
}

describe('subscription decisions in any delivery order', () => {
  it('end in the state of the last event, whatever order all 720 orders deliver them in', () => {
    const expected = replay(HISTORY);
    expect(expected).toMatchObject({
      status: 'active',
      tier: 'professional',
      lapsed_since: null,
      last_event_at: T0 + 200,
    });
    for (const order of permutations(HISTORY)) {
      const row = replay(order);
      expect({ status: row?.status, lapsed: row?.lapsed_since, at: row?.last_event_at }).toEqual({
        status: 'active',
        lapsed: null,
        at: T0 + 200,
      });
    }
  });

  it('counts the grace period from the lapse and is read-only only after it', () => {
    const lapsed = replay(HISTORY.slice(0, 4));
    expect(lapsed?.status).toBe('past_due');
    const lapsedAt = (T0 + 100) * 1000;
    expect(lapsed?.lapsed_since).toBe(new Date(lapsedAt).toISOString());
    expect(planState(lapsed, lapsedAt + GRACE_MS - 1)).toMatchObject({ readOnly: false, tier: 'professional' });
    expect(planState(lapsed, lapsedAt + GRACE_MS)).toMatchObject({ readOnly: true });
    // A cancelled subscription is final; the row (and the data) stay.
    const cancelled = decideBilling(lapsed, TENANT, facts(T0 + 300, 'subscription', 'canceled', 'deleted'), 'x');
    const row = 'row' in cancelled ? cancelled.row : null;
    const revived = decideBilling(row, TENANT, facts(T0 + 400, 'invoice-paid', null, 'late-paid'), 'x');
    expect('row' in revived ? revived.row.status : null).toBe('canceled');
  });
});
