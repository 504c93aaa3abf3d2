import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { IntegrationsConfig } from '../../config.ts';
import { ProviderError } from '../provider-error.ts';
import { sandboxRefunds } from './sandbox-refunds.ts';
import { liveTerminal, sandboxTerminal, type TerminalProvider } from './terminal-client.ts';

export interface CheckoutInput {
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  /** Joins the webhooks back: tenant_id, site_id, job_id, payment_id, recorded_by. */
  readonly metadata: Record<string, string>;
  readonly successUrl: string;
  readonly idempotencyKey: string;
}

/** A PaymentIntent as deposit holds read it (amounts in minor units, times in Unix seconds). */
export interface StripeIntent {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
  readonly amount_capturable: number;
  readonly amount_received: number;
  readonly created: number;
  readonly cancellation_reason: string | null;
  /** When the card authorization lapses, if Stripe said (the charge's `capture_before`). */
  readonly capture_before: number | null;
}

export interface DepositHoldInput {
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  /** Joins the webhooks back: tenant_id, site_id, contract_id, purpose, request_id. */
  readonly metadata: Record<string, string>;
  readonly idempotencyKey: string;
}

/** The reasons Stripe accepts on a refund. */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** What Forecourt asks of Stripe. Every call carries the idempotency key of its business operation. */
export interface StripeProvider {
  readonly mode: 'live' | 'sandbox';
  createCheckoutSession(input: CheckoutInput): Promise<{ id: string; url: string }>;
  createRefund(input: {
    paymentIntentId: string;
    amountMinor: number | null;
    /** Stripe's reason; our free-text note stays in our own record. */
    reason?: RefundReason | null;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<{ id: string; status: string }>;
  /** A rental deposit: a card PaymentIntent with manual capture (a hold, captured or released later). */
  createDepositHold(input: DepositHoldInput): Promise<StripeIntent>;
  /** Captures a held deposit, all of it (`amountMinor` null) or part; the rest is released. */
  captureDepositHold(input: {
    intentId: string;
    amountMinor: number | null;
    idempotencyKey: string;
  }): Promise<StripeIntent>;
  /** Releases a hold (cancels the PaymentIntent). */
  releaseDepositHold(input: { intentId: string; idempotencyKey: string }): Promise<StripeIntent>;
  /** Events created at or after `sinceUnix` (seconds), oldest first, at most `limit`. */
  listEvents(
    sinceUnix: number,
    types: readonly string[],
    limit: number,
  ): Promise<Array<{ id: string; type: string; created: number; json: string }>>;
  /** Card-present payments and holds on Stripe Terminal readers (server-driven). */
  readonly terminal: TerminalProvider;
}

/**
 * No account: nothing leaves the server. A deposit hold is authorized at once, as if the renter's
 * card had been presented, so the counter's flow can be tried end to end.
 */
export function sandboxStripe(): StripeProvider {
  const id = (prefix: string) => `${prefix}_sandbox_${randomBytes(10).toString('hex')}`;
  const holds = new Map<string, StripeIntent>();
  const held = (intentId: string) => {
    const intent = holds.get(intentId);
    if (!intent) throw new ProviderError('stripe', 404, 'resource_missing', 'no such sandbox payment intent');
    return intent;
  };
  const keep = (intent: StripeIntent) => {
    holds.set(intent.id, intent);
    return intent;
  };
  const terminal = sandboxTerminal({ intents: holds });
  const refunds = sandboxRefunds({ intents: holds });
  return {
    mode: 'sandbox',
    // The hub connects the inbox once: the simulated readers and the refunds report through it.
    terminal: {
      ...terminal,
      connectSandbox(sink) {
        terminal.connectSandbox?.(sink);
        refunds.connect(sink);
      },
    },
    async createDepositHold(input) {
      const created = Math.floor(Date.now() / 1000);
      return keep({
        id: id('pi'),
        status: 'requires_capture',
        amount: input.amountMinor,
        amount_capturable: input.amountMinor,
        amount_received: 0,
        created,
        cancellation_reason: null,
        capture_before: created + 7 * 86_400,
      });
    },
    async captureDepositHold(input) {
      const intent = held(input.intentId);
      const amount = input.amountMinor ?? intent.amount_capturable;
      return keep({ ...intent, status: 'succeeded', amount_capturable: 0, amount_received: amount });
    },
    async releaseDepositHold(input) {
      return keep({ ...held(input.intentId), status: 'canceled', amount_capturable: 0, cancellation_reason: null });
    },
    async createCheckoutSession() {
      const session = id('cs');
      return { id: session, url: `https://checkout.sandbox.invalid/${session}` };
    },
    createRefund: (input) => refunds.createRefund(input),
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
    terminal: liveTerminal(stripe, call, config.secretKey ?? ''),
    ...liveDepositHolds(stripe, call),
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
            ...(input.reason ? { reason: input.reason } : {}),
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

type Call = <T>(work: () => Promise<T>) => Promise<T>;

function intentOf(intent: Stripe.PaymentIntent): StripeIntent {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const details = charge?.payment_method_details;
  const captureBefore = details?.card?.capture_before ?? details?.card_present?.capture_before;
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount,
    amount_capturable: intent.amount_capturable,
    amount_received: intent.amount_received,
    created: intent.created,
    cancellation_reason: intent.cancellation_reason ?? null,
    capture_before: typeof captureBefore === 'number' ? captureBefore : null,
  };
}

function liveDepositHolds(
  stripe: Stripe,
  call: Call,
): Pick<StripeProvider, 'createDepositHold' | 'captureDepositHold' | 'releaseDepositHold'> {
  return {
    createDepositHold: (input) =>
      call(async () =>
        intentOf(
          await stripe.paymentIntents.create(
            {
              amount: input.amountMinor,
              currency: input.currency.toLowerCase(),
              capture_method: 'manual',
              allowed_payment_method_types: ['card'],
              description: input.description,
              metadata: input.metadata,
              expand: ['latest_charge'],
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    captureDepositHold: (input) =>
      call(async () =>
        intentOf(
          await stripe.paymentIntents.capture(
            input.intentId,
            {
              ...(input.amountMinor !== null ? { amount_to_capture: input.amountMinor } : {}),
              expand: ['latest_charge'],
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    releaseDepositHold: (input) =>
      call(async () =>
        intentOf(await stripe.paymentIntents.cancel(input.intentId, {}, { idempotencyKey: input.idempotencyKey })),
      ),
  };
}
