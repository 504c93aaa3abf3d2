import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { IntegrationsConfig } from '../../config.ts';
import { ProviderError } from '../provider-error.ts';

export interface CheckoutInput {
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  /** Joins the webhooks back: tenant_id, site_id, job_id, payment_id, recorded_by. */
  readonly metadata: Record<string, string>;
  readonly successUrl: string;
  readonly idempotencyKey: string;
}

/** What Forecourt asks of Stripe. Every call carries the idempotency key of its business operation. */
export interface StripeProvider {
  readonly mode: 'live' | 'sandbox';
  createCheckoutSession(input: CheckoutInput): Promise<{ id: string; url: string }>;
  createRefund(input: {
    paymentIntentId: string;
    amountMinor: number | null;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<{ id: string; status: string }>;
  /** Events created at or after `sinceUnix` (seconds), oldest first, at most `limit`. */
  listEvents(
    sinceUnix: number,
    types: readonly string[],
    limit: number,
  ): Promise<Array<{ id: string; type: string; created: number; json: string }>>;
}

export function sandboxStripe(): StripeProvider {
  const id = (prefix: string) => `${prefix}_sandbox_${randomBytes(10).toString('hex')}`;
  return {
    mode: 'sandbox',
    async createCheckoutSession() {
      const session = id('cs');
      return { id: session, url: `https://checkout.sandbox.invalid/${session}` };
    },
    async createRefund() {
      return { id: id('re'), status: 'pending' };
    },
    async listEvents() {
      return [];
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

/** The SDK; STRIPE_API_BASE points it at another host (tests: a local fake). It retries 5xx/409 itself. */
export function liveStripe(config: IntegrationsConfig['stripe']): StripeProvider {
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
  return {
    mode: 'live',
    createCheckoutSession: (input) =>
      call(async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency.toLowerCase(),
                  unit_amount: input.amountMinor,
                  product_data: { name: input.description },
                },
              },
            ],
            metadata: input.metadata,
            payment_intent_data: { metadata: input.metadata },
            success_url: input.successUrl,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { id: session.id, url: session.url ?? '' };
      }),
    createRefund: (input) =>
      call(async () => {
        const refund = await stripe.refunds.create(
          {
            payment_intent: input.paymentIntentId,
            ...(input.amountMinor !== null ? { amount: input.amountMinor } : {}),
            metadata: input.metadata,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { id: refund.id, status: refund.status ?? 'pending' };
      }),
    listEvents: (sinceUnix, types, limit) =>
      call(async () => {
        const events: Array<{ id: string; type: string; created: number; json: string }> = [];
        for await (const event of stripe.events.list({ created: { gte: sinceUnix }, types: [...types], limit: 100 })) {
          events.push({ id: event.id, type: event.type, created: event.created, json: JSON.stringify(event) });
          if (events.length >= limit) break;
        }
        return events.reverse();
      }),
  };
}
