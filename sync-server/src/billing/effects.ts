import { isUuid } from '@forecourt/shared';
import type { Database } from '../db/database.ts';
import type { EffectOutcome } from '../integrations/inbox/process.ts';
import { forgetPlan, loadSubscription, saveSubscription, tenantOfStripe } from './store.ts';
import { decideBilling, isTier, TIERS, type BillingFacts, type Tier } from './tiers.ts';
import type { TierPrices } from './stripe-billing.ts';

type StripeObject = Record<string, unknown>;

/** The Stripe events that move a tenant's subscription (verified, stored and queued like the others). */
export const BILLING_EVENTS: ReadonlySet<string> = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
]);

export const isBillingEvent = (type: string): boolean => BILLING_EVENTS.has(type);

const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const obj = (value: unknown): StripeObject | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as StripeObject) : null; // read field by field
const idOf = (value: unknown) => str(value) ?? str(obj(value)?.id);
const unixIso = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : null;

/** The subscription's first item: its price id and (API 2025+) its current period end. */
function firstItem(subscription: StripeObject): StripeObject | null {
  const items = obj(subscription.items);
  const data = Array.isArray(items?.data) ? (items.data as unknown[]) : [];
  return obj(data[0]);
}

function tierOf(metadata: StripeObject | null, priceId: string | null, prices: TierPrices): Tier | null {
  const byPrice = priceId ? TIERS.find((tier) => prices[tier] === priceId) : undefined;
  if (byPrice) return byPrice;
  return isTier(metadata?.tier) ? metadata.tier : null;
}

interface Extracted {
  facts: BillingFacts;
  metadata: StripeObject | null;
}

function extract(event: { id: string; type: string; created: number }, object: StripeObject, prices: TierPrices) {
  if (event.type.startsWith('customer.subscription.')) {
    const subscriptionId = str(object.id);
    if (!subscriptionId) return null;
    const item = firstItem(object);
    const metadata = obj(object.metadata);
    const status = event.type === 'customer.subscription.deleted' ? 'canceled' : (str(object.status) ?? null);
    const facts: BillingFacts = {
      eventId: event.id,
      created: event.created,
      kind: 'subscription',
      subscriptionId,
      customerId: idOf(object.customer),
      status,
      tier: tierOf(metadata, idOf(obj(item?.price)?.id ?? null), prices),
      currentPeriodEnd: unixIso(item?.current_period_end) ?? unixIso(object.current_period_end),
    };
    return { facts, metadata } satisfies Extracted;
  }
  // Invoices: the subscription is under parent.subscription_details (API 2025+), else `subscription`.
  const details = obj(obj(object.parent)?.subscription_details) ?? obj(object.subscription_details);
  const subscriptionId = idOf(details?.subscription) ?? idOf(object.subscription);
  if (!subscriptionId) return null;
  const metadata = obj(details?.metadata);
  const facts: BillingFacts = {
    eventId: event.id,
    created: event.created,
    kind: event.type === 'invoice.payment_failed' ? 'invoice-failed' : 'invoice-paid',
    subscriptionId,
    customerId: idOf(object.customer),
    status: null,
    tier: isTier(metadata?.tier) ? metadata.tier : null,
    currentPeriodEnd: null,
  };
  return { facts, metadata } satisfies Extracted;
}

/**
 * A subscription or invoice event: finds the tenant (metadata `tenant_id`, else the stored
 * subscription or customer), then decides under the tenant's advisory lock and row lock, so two
 * events of one tenant never interleave. Monotonic by the event's `created` (tiers.ts).
 */
export async function billingEventEffect(
  deps: { db: Database; clock: () => number; prices: TierPrices },
  event: { id: string; type: string; created: number; data: { object: StripeObject } },
): Promise<EffectOutcome> {
  const extracted = extract(event, event.data?.object ?? {}, deps.prices);
  if (!extracted) return { status: 'ignored', tenantId: null, result: 'no subscription in this event' };
  const { facts, metadata } = extracted;
  if (metadata && str(metadata.purpose) && metadata.purpose !== 'tenant-subscription')
    return { status: 'ignored', tenantId: null, result: 'not a Forecourt plan subscription' };
  const named = str(metadata?.tenant_id);
  const tenantId =
    named && isUuid(named) ? named : await tenantOfStripe(deps.db, facts.subscriptionId, facts.customerId);
  if (!tenantId) return { status: 'ignored', tenantId: null, result: 'no Forecourt tenant for this subscription' };
  const known = await deps.db.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
  if (known.rows.length === 0) return { status: 'ignored', tenantId: null, result: 'the named tenant does not exist' };
  const nowIso = new Date(deps.clock()).toISOString();
  const result = await deps.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`billing:${tenantId}`]);
    const current = await loadSubscription(tx, tenantId, { forUpdate: true });
    const decision = decideBilling(current, tenantId, facts, nowIso);
    if ('skip' in decision) return `no change: ${decision.skip}`;
    await saveSubscription(tx, decision.row);
    return decision.result;
  });
  forgetPlan(tenantId); // again after the commit: a push in between may have cached the old row
  return { status: 'processed', tenantId, result };
}
