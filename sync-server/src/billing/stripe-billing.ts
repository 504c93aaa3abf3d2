import Stripe from 'stripe';
import type { IntegrationsConfig } from '../integrations/config.ts';
import { ProviderError } from '../integrations/providers/provider-error.ts';
import { MONTHLY_PRICE_MINOR, TIER_NAMES, TIERS, type Tier } from './tiers.ts';

/** Stripe Price ids per tier (STRIPE_PRICE_STARTER, …); without one, Checkout gets the price inline. */
export type TierPrices = Readonly<Partial<Record<Tier, string>>>;

export function tierPricesFrom(env: NodeJS.ProcessEnv): TierPrices {
  const prices: Partial<Record<Tier, string>> = {};
  for (const tier of TIERS) {
    const value = env[`STRIPE_PRICE_${tier.toUpperCase()}`]?.trim();
    if (value) prices[tier] = value;
  }
  return prices;
}

export interface SubscriptionCheckoutInput {
  readonly tenantId: string;
  readonly tier: Tier;
  readonly currency: string;
  /** The tenant's Stripe customer when it has one (a renewal after a cancellation). */
  readonly customerId: string | null;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly idempotencyKey: string;
}

/** What billing asks of Stripe. The sandbox answers without an account (see sandboxBilling). */
export interface BillingStripe {
  readonly mode: 'live' | 'sandbox';
  /** A Checkout Session in `mode: subscription`; its URL is where the owner pays. */
  createSubscriptionCheckout(input: SubscriptionCheckoutInput): Promise<{ id: string; url: string }>;
  /** Moves a running subscription to another tier's price (prorated); the webhook confirms it. */
  changeSubscriptionTier(input: {
    subscriptionId: string;
    tenantId: string;
    tier: Tier;
    idempotencyKey: string;
  }): Promise<{ status: string }>;
  /** Stripe's hosted page of the subscription's open invoice (pay an overdue plan), or null. */
  openInvoiceUrl(subscriptionId: string): Promise<string | null>;
}

/** Without STRIPE_SECRET_KEY: nothing leaves the server; the route activates the tier itself. */
export function sandboxBilling(): BillingStripe {
  return {
    mode: 'sandbox',
    async createSubscriptionCheckout() {
      throw new ProviderError('stripe', null, null, 'the sandbox has no Checkout');
    },
    async changeSubscriptionTier() {
      return { status: 'active' };
    },
    async openInvoiceUrl() {
      return null;
    },
  };
}

function wrap(error: unknown): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const status = typeof error.statusCode === 'number' ? error.statusCode : null;
    return new ProviderError('stripe', status, error.code ?? null, error.message);
  }
  return new ProviderError('stripe', null, null, error instanceof Error ? error.message : 'no answer from Stripe');
}

export function liveBilling(config: IntegrationsConfig['stripe'], prices: TierPrices): BillingStripe {
  const base = config.apiBase ? new URL(config.apiBase) : null;
  const stripe = new Stripe(config.secretKey ?? '', {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base
      ? { host: base.hostname, port: Number(base.port || 80), protocol: base.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
  const call = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw wrap(error);
    }
  };
  const lineItem = (tier: Tier, currency: string): Stripe.Checkout.SessionCreateParams.LineItem => {
    const price = prices[tier];
    if (price) return { price, quantity: 1 };
    const amounts = MONTHLY_PRICE_MINOR[currency.toUpperCase()] ?? MONTHLY_PRICE_MINOR.INR;
    return {
      quantity: 1,
      price_data: {
        currency: currency.toLowerCase(),
        unit_amount: amounts?.[tier] ?? 0,
        recurring: { interval: 'month' },
        product_data: { name: `Forecourt ${TIER_NAMES[tier]}` },
      },
    };
  };
  return {
    mode: 'live',
    createSubscriptionCheckout: (input) =>
      call(async () => {
        const metadata = { tenant_id: input.tenantId, tier: input.tier, purpose: 'tenant-subscription' };
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'subscription',
            line_items: [lineItem(input.tier, input.currency)],
            client_reference_id: input.tenantId,
            ...(input.customerId ? { customer: input.customerId } : {}),
            metadata,
            subscription_data: { metadata },
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { id: session.id, url: session.url ?? '' };
      }),
    changeSubscriptionTier: (input) =>
      call(async () => {
        const price = prices[input.tier];
        if (!price)
          throw new ProviderError(
            'stripe',
            null,
            'price_not_configured',
            `changing a running subscription needs STRIPE_PRICE_${input.tier.toUpperCase()}`,
          );
        const subscription = await stripe.subscriptions.retrieve(input.subscriptionId);
        const item = subscription.items.data[0];
        if (!item) throw new ProviderError('stripe', null, null, 'the subscription has no item');
        const updated = await stripe.subscriptions.update(
          input.subscriptionId,
          {
            items: [{ id: item.id, price }],
            proration_behavior: 'create_prorations',
            metadata: { tenant_id: input.tenantId, tier: input.tier, purpose: 'tenant-subscription' },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { status: updated.status };
      }),
    openInvoiceUrl: (subscriptionId) =>
      call(async () => {
        const invoices = await stripe.invoices.list({ subscription: subscriptionId, status: 'open', limit: 1 });
        return invoices.data[0]?.hosted_invoice_url ?? null;
      }),
  };
}
