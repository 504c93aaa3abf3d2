import { DomainError } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { planState, TIER_NAMES, type PlanState, type SubscriptionRow } from './tiers.ts';

const COLUMNS =
  'tenant_id, tier, status, stripe_customer_id, stripe_subscription_id, current_period_end, lapsed_since, ' +
  'grace_ends_at, last_event_at, last_event_id, sandbox, created_at, updated_at';

export async function loadSubscription(
  db: Queryable,
  tenantId: string,
  options: { forUpdate?: boolean } = {},
): Promise<SubscriptionRow | null> {
  const result = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM tenant_subscriptions WHERE tenant_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId],
  );
  const row = result.rows[0];
  return row ? { ...row, last_event_at: Number(row.last_event_at) } : null;
}

/** Inserts or replaces the tenant's row (never deletes one). */
export async function saveSubscription(db: Queryable, row: SubscriptionRow): Promise<void> {
  await db.query(
    `INSERT INTO tenant_subscriptions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (tenant_id) DO UPDATE SET tier = $2, status = $3, stripe_customer_id = $4,
       stripe_subscription_id = $5, current_period_end = $6, lapsed_since = $7, grace_ends_at = $8,
       last_event_at = $9, last_event_id = $10, sandbox = $11, updated_at = $13`,
    [
      row.tenant_id,
      row.tier,
      row.status,
      row.stripe_customer_id,
      row.stripe_subscription_id,
      row.current_period_end,
      row.lapsed_since,
      row.grace_ends_at,
      row.last_event_at,
      row.last_event_id,
      row.sandbox,
      row.created_at,
      row.updated_at,
    ],
  );
  forgetPlan(row.tenant_id);
}

/** Where a Stripe object belongs when its metadata does not say: the stored subscription or customer. */
export async function tenantOfStripe(
  db: Queryable,
  subscriptionId: string | null,
  customerId: string | null,
): Promise<string | null> {
  if (subscriptionId) {
    const found = await db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM tenant_subscriptions WHERE stripe_subscription_id = $1',
      [subscriptionId],
    );
    if (found.rows[0]) return found.rows[0].tenant_id;
  }
  if (customerId) {
    const found = await db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM tenant_subscriptions WHERE stripe_customer_id = $1 LIMIT 1',
      [customerId],
    );
    if (found.rows[0]) return found.rows[0].tenant_id;
  }
  return null;
}

export const monthStartIso = (nowMs: number): string => {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
};

/** SMS that count against the month: everything recorded this month except those never sent for the limit. */
export async function smsUsedThisMonth(db: Queryable, tenantId: string, nowMs: number): Promise<number> {
  const result = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1 AND created_at >= $2 AND status <> 'not_sent'",
    [tenantId, monthStartIso(nowMs)],
  );
  return Number(result.rows[0]?.n ?? 0);
}

export interface Usage {
  readonly sites: number;
  readonly devices: number;
  readonly smsThisMonth: number;
}

export async function countSites(db: Queryable, tenantId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sites WHERE tenant_id = $1 AND deleted_at IS NULL',
    [tenantId],
  );
  return Number(result.rows[0]?.n ?? 0);
}

export async function countDevices(db: Queryable, tenantId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM devices WHERE tenant_id = $1 AND deleted_at IS NULL AND revoked_at IS NULL',
    [tenantId],
  );
  return Number(result.rows[0]?.n ?? 0);
}

export async function usageOf(db: Queryable, tenantId: string, nowMs: number): Promise<Usage> {
  return {
    sites: await countSites(db, tenantId),
    devices: await countDevices(db, tenantId),
    smsThisMonth: await smsUsedThisMonth(db, tenantId, nowMs),
  };
}

/**
 * The plan of a tenant, cached for a few seconds per process: the push route asks on every push.
 * A change made in this process (webhook effect, sandbox checkout) forgets the entry at once; one
 * made by a worker process is seen within PLAN_CACHE_MS.
 */
const PLAN_CACHE_MS = 5_000;
const planCache = new Map<string, { row: SubscriptionRow | null; until: number }>();

export function forgetPlan(tenantId: string): void {
  planCache.delete(tenantId);
}

export async function currentPlan(db: Queryable, tenantId: string, nowMs: number): Promise<PlanState> {
  const cached = planCache.get(tenantId);
  if (cached && cached.until > nowMs && cached.until - PLAN_CACHE_MS <= nowMs) return planState(cached.row, nowMs);
  const row = await loadSubscription(db, tenantId);
  planCache.set(tenantId, { row, until: nowMs + PLAN_CACHE_MS });
  if (planCache.size > 10_000) planCache.delete(planCache.keys().next().value ?? '');
  return planState(row, nowMs);
}

const planName = (plan: PlanState) => (plan.tier ? `${TIER_NAMES[plan.tier]} plan` : 'trial');

/** Refuses writes of a tenant that is read-only (lapsed past its grace period). */
export async function assertWritable(db: Queryable, tenantId: string, nowMs: number): Promise<void> {
  const plan = await currentPlan(db, tenantId, nowMs);
  if (plan.readOnly)
    throw new DomainError(
      'payment-required',
      `the subscription lapsed and the grace period ended on ${plan.graceEndsAt?.slice(0, 10) ?? ''}: ` +
        'the company is read-only until the owner renews the plan (changes stay on this PC and are sent then)',
    );
}

/** Before adding a site: the tier's number of sites, and not read-only. */
export async function assertCanAddSite(db: Queryable, tenantId: string, nowMs: number): Promise<void> {
  await assertWritable(db, tenantId, nowMs);
  const plan = await currentPlan(db, tenantId, nowMs);
  const sites = await countSites(db, tenantId);
  if (sites >= plan.limits.sites)
    throw new DomainError(
      'payment-required',
      `the ${planName(plan)} allows ${plan.limits.sites} site${plan.limits.sites === 1 ? '' : 's'}; ` +
        'choose a larger plan in Plan and billing to add another',
      { limit: plan.limits.sites },
    );
}

/** Before enrolling a device: the tier's number of devices (revoked ones do not count). */
export async function assertCanEnrolDevice(db: Queryable, tenantId: string, nowMs: number): Promise<void> {
  const plan = await currentPlan(db, tenantId, nowMs);
  const devices = await countDevices(db, tenantId);
  if (devices >= plan.limits.devices)
    throw new DomainError(
      'payment-required',
      `the ${planName(plan)} allows ${plan.limits.devices} PCs and all are enrolled; ` +
        'revoke one or choose a larger plan in Plan and billing',
      { limit: plan.limits.devices },
    );
}

/** SMS per month for the tenant: its tier's, capped by the operator's SMS_MONTHLY_LIMIT when set. */
export async function smsMonthlyLimit(
  db: Queryable,
  tenantId: string,
  nowMs: number,
  operatorCap: number | null,
): Promise<number> {
  const plan = await currentPlan(db, tenantId, nowMs);
  return operatorCap === null ? plan.limits.smsPerMonth : Math.min(operatorCap, plan.limits.smsPerMonth);
}
