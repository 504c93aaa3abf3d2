/**
 * Subscription tiers and what they allow (docs/billing.md). Pure: no database, no clock of its own.
 *
 * A tenant that has never subscribed runs on the trial: the operator created it (CLI, demo) and
 * its owner has not chosen a tier yet. The trial has the Business limits and no end date, so an
 * operator's existing tenants, the demo and every test keep working; it ends when the owner
 * chooses a tier (the Checkout's subscription replaces it).
 */
export const TIERS = ['starter', 'professional', 'business'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierLimits {
  /** Sites (workshops) that are not deleted. */
  readonly sites: number;
  /** Enrolled devices that are not revoked. */
  readonly devices: number;
  /** SMS per calendar month (UTC), all purposes together. */
  readonly smsPerMonth: number;
}

export const TIER_LIMITS: Readonly<Record<Tier, TierLimits>> = {
  starter: { sites: 1, devices: 3, smsPerMonth: 250 },
  professional: { sites: 3, devices: 15, smsPerMonth: 1_000 },
  business: { sites: 25, devices: 100, smsPerMonth: 5_000 },
};

export const TIER_NAMES: Readonly<Record<Tier, string>> = {
  starter: 'Starter',
  professional: 'Professional',
  business: 'Business',
};

/** No subscription yet: the Business limits (see above). */
export const TRIAL_LIMITS: TierLimits = TIER_LIMITS.business;

/** Monthly price per tier in minor units, by the tenant's currency (used when no Stripe Price id is configured). */
export const MONTHLY_PRICE_MINOR: Readonly<Record<string, Readonly<Record<Tier, number>>>> = {
  INR: { starter: 1_499_00, professional: 3_999_00, business: 9_999_00 },
  CHF: { starter: 29_00, professional: 79_00, business: 199_00 },
};

/** Days a lapsed subscription keeps everything working (with a warning) before the tenant is read-only. */
export const GRACE_DAYS = 14;
export const GRACE_MS = GRACE_DAYS * 86_400_000;

/** Stripe subscription statuses in which the tier is paid for. */
const PAID = new Set(['active', 'trialing']);
/** Statuses that start the grace period: the subscription stopped being paid. */
const LAPSED = new Set(['past_due', 'unpaid', 'canceled', 'incomplete_expired', 'paused']);

export const isTier = (value: unknown): value is Tier => TIERS.some((tier) => tier === value);
export const isLapsedStatus = (status: string): boolean => LAPSED.has(status);

/** The stored subscription of a tenant (table tenant_subscriptions). */
export interface SubscriptionRow {
  readonly tenant_id: string;
  readonly tier: Tier;
  readonly status: string;
  readonly stripe_customer_id: string | null;
  readonly stripe_subscription_id: string | null;
  readonly current_period_end: string | null;
  readonly lapsed_since: string | null;
  readonly grace_ends_at: string | null;
  readonly last_event_at: number;
  readonly last_event_id: string | null;
  readonly sandbox: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

/** What a tenant may do now, derived from its subscription (or its absence) and the time. */
export interface PlanState {
  /** null: the trial (no subscription chosen yet). */
  readonly tier: Tier | null;
  /** Stripe's status, `trial` without a subscription. */
  readonly status: string;
  readonly limits: TierLimits;
  readonly currentPeriodEnd: string | null;
  readonly lapsedSince: string | null;
  readonly graceEndsAt: string | null;
  /** Lapsed and the grace period is over: pushes, new sites and SMS are refused; pulls work. */
  readonly readOnly: boolean;
  /** Shown to every user while lapsed (in grace or read-only); null when all is well. */
  readonly notice: string | null;
  readonly sandbox: boolean;
}

const day = (iso: string) => iso.slice(0, 10);

export function planState(row: SubscriptionRow | null, nowMs: number): PlanState {
  if (!row || (!PAID.has(row.status) && !LAPSED.has(row.status))) {
    // No subscription, or one whose first payment has not gone through yet (`incomplete`).
    return {
      tier: null,
      status: row ? row.status : 'trial',
      limits: TRIAL_LIMITS,
      currentPeriodEnd: null,
      lapsedSince: null,
      graceEndsAt: null,
      readOnly: false,
      notice: null,
      sandbox: row?.sandbox ?? false,
    };
  }
  const lapsed = LAPSED.has(row.status);
  const graceEndsAt = lapsed ? (row.grace_ends_at ?? new Date(nowMs).toISOString()) : null;
  const readOnly = graceEndsAt !== null && Date.parse(graceEndsAt) <= nowMs;
  const name = TIER_NAMES[row.tier];
  const notice = !lapsed
    ? null
    : readOnly
      ? `The ${name} subscription is unpaid since ${day(row.lapsed_since ?? graceEndsAt ?? '')}: the company is read-only. ` +
        'Changes stay on each PC and are sent when the owner renews the plan; nothing is deleted.'
      : `The ${name} subscription is unpaid: everything keeps working until ${day(graceEndsAt ?? '')}, ` +
        'then the company becomes read-only until the owner renews the plan.';
  return {
    tier: row.tier,
    status: row.status,
    limits: TIER_LIMITS[row.tier],
    currentPeriodEnd: row.current_period_end,
    lapsedSince: lapsed ? row.lapsed_since : null,
    graceEndsAt,
    readOnly,
    notice,
    sandbox: row.sandbox,
  };
}

/** A Stripe subscription or invoice event, reduced to what the subscription row needs. */
export interface BillingFacts {
  readonly eventId: string;
  /** The event's `created`, Unix seconds: events are applied in this order, older ones skipped. */
  readonly created: number;
  readonly kind: 'subscription' | 'invoice-paid' | 'invoice-failed';
  readonly subscriptionId: string;
  readonly customerId: string | null;
  /** Subscription events: Stripe's status (`deleted` events say `canceled`). */
  readonly status: string | null;
  readonly tier: Tier | null;
  readonly currentPeriodEnd: string | null;
}

export type BillingDecision = { readonly row: SubscriptionRow; readonly result: string } | { readonly skip: string };

/**
 * The next subscription row for one event, or why it changes nothing. Monotonic: an event older
 * than the last one applied is skipped (Stripe delivers out of order); an event of another
 * subscription than the tenant's current one only counts once that one has ended.
 */
export function decideBilling(
  current: SubscriptionRow | null,
  tenantId: string,
  facts: BillingFacts,
  nowIso: string,
): BillingDecision {
  if (current && facts.created < Number(current.last_event_at))
    return { skip: `older than the last applied event (${current.status})` };
  // Checkout's `created` (incomplete), `updated` (active) and `invoice.paid` often share one second:
  // within the same second, a subscription never goes back to `incomplete`.
  if (
    current &&
    facts.created === Number(current.last_event_at) &&
    facts.status === 'incomplete' &&
    current.stripe_subscription_id === facts.subscriptionId &&
    current.status !== 'incomplete'
  )
    return { skip: `an incomplete state of the same second as the ${current.status} one` };
  const sameSubscription = current?.stripe_subscription_id === facts.subscriptionId;
  if (current && !sameSubscription) {
    const replaceable =
      current.sandbox ||
      current.stripe_subscription_id === null ||
      ['canceled', 'incomplete_expired', 'incomplete'].includes(current.status);
    if (facts.kind !== 'subscription' || !replaceable)
      return { skip: `another subscription than the tenant's current ${current.status} one` };
  }
  if (!current && facts.kind !== 'subscription') return { skip: 'no subscription of this tenant is known yet' };
  const base = sameSubscription ? current : null;
  let status = base?.status ?? 'incomplete';
  if (facts.kind === 'subscription' && facts.status) status = facts.status;
  if (facts.kind === 'invoice-failed' && PAID.has(status)) status = 'past_due';
  if (facts.kind === 'invoice-paid' && ['past_due', 'unpaid', 'incomplete'].includes(status)) status = 'active';
  if (base?.status === 'canceled') status = 'canceled'; // a cancelled subscription never comes back
  const tier = facts.tier ?? base?.tier ?? current?.tier ?? null;
  if (!tier) return { skip: 'the subscription names no tier' };
  const lapsed = LAPSED.has(status);
  const lapsedSince = lapsed ? (base?.lapsed_since ?? new Date(facts.created * 1000).toISOString()) : null;
  const row: SubscriptionRow = {
    tenant_id: tenantId,
    tier,
    status,
    stripe_customer_id: facts.customerId ?? current?.stripe_customer_id ?? null,
    stripe_subscription_id: facts.subscriptionId,
    current_period_end: facts.currentPeriodEnd ?? base?.current_period_end ?? null,
    lapsed_since: lapsedSince,
    grace_ends_at: lapsedSince ? new Date(Date.parse(lapsedSince) + GRACE_MS).toISOString() : null,
    last_event_at: facts.created,
    last_event_id: facts.eventId,
    sandbox: false,
    created_at: current?.created_at ?? nowIso,
    updated_at: nowIso,
  };
  return { row, result: `subscription ${status} (${TIER_NAMES[tier]})` };
}
