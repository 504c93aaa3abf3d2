import { randomBytes } from 'node:crypto';
import type { IncomingEvent } from '../../inbox/inbox.ts';
import { ProviderError } from '../provider-error.ts';
import type { RefundReason, StripeIntent } from './client.ts';

type Sink = (events: readonly IncomingEvent[]) => Promise<unknown>;

interface SandboxRefund {
  readonly id: string;
  readonly status: string;
  readonly events: readonly IncomingEvent[];
}

/**
 * The sandbox's refunds (no STRIPE_SECRET_KEY). Stripe answers a card refund at once and then
 * sends `refund.created` (the refund: amount, status, reason, our metadata) and `charge.refunded`
 * (the charge: `amount_refunded`, all refunds so far); the sandbox builds the same two events
 * and hands them to the inbox the hub connects, like the simulated reader's, so the refund
 * becomes a payment row on the job exactly as a live webhook would make it.
 *
 * It refunds the intents it knows (card-present payments and holds taken in this sandbox):
 * never more than was received, all that remains when no amount is given. One of its own intents
 * it no longer knows (`pi_sandbox_…` taken before the server restarted) is refunded only with an
 * amount, as it cannot know what remains. Any other intent (a payment whose events were posted by
 * hand, as the end-to-end tests do) is accepted as `pending` and reports nothing, as before. The same idempotency key is the same refund: its events are handed over
 * again (the inbox keeps one of each), never a second refund.
 */
export function sandboxRefunds(options: { intents: Map<string, StripeIntent> }) {
  let sink: Sink | null = null;
  const byKey = new Map<string, SandboxRefund>();
  const refundedOf = new Map<string, number>();
  const chargeOf = new Map<string, string>();
  const id = (prefix: string) => `${prefix}_sandbox_${randomBytes(10).toString('hex')}`;

  const event = (type: string, object: Record<string, unknown>, entityKey: string, created: number): IncomingEvent => {
    const eventId = id('evt');
    return {
      provider: 'stripe',
      eventKey: eventId,
      eventType: type,
      entityKey,
      body: JSON.stringify({ id: eventId, object: 'event', type, created, livemode: false, data: { object } }),
      handled: true,
    };
  };

  const deliver = async (refund: SandboxRefund) => {
    if (!sink || refund.events.length === 0) return;
    try {
      await sink(refund.events);
    } catch {
      // Stripe would retry its webhook; the caller retries the refund with the same key instead.
      throw new ProviderError('stripe', 503, 'sandbox_inbox', 'the sandbox could not store the refund events');
    }
  };

  return {
    connect(next: Sink) {
      sink = next;
    },
    async createRefund(input: {
      paymentIntentId: string;
      amountMinor: number | null;
      reason?: RefundReason | null;
      metadata: Record<string, string>;
      idempotencyKey: string;
    }): Promise<{ id: string; status: string }> {
      const repeated = byKey.get(input.idempotencyKey);
      if (repeated) {
        await deliver(repeated);
        return { id: repeated.id, status: repeated.status };
      }
      const intent = options.intents.get(input.paymentIntentId) ?? null;
      // Not an intent of this sandbox (a payment whose events were posted by hand, as tests do):
      // accepted and left to whoever reports it, as before.
      if (!intent && !input.paymentIntentId.startsWith('pi_sandbox_')) {
        const refund: SandboxRefund = { id: id('re'), status: 'pending', events: [] };
        byKey.set(input.idempotencyKey, refund);
        return { id: refund.id, status: refund.status };
      }
      const refunded = refundedOf.get(input.paymentIntentId) ?? 0;
      if (intent && intent.status !== 'succeeded')
        throw new ProviderError('stripe', 400, 'charge_not_captured', 'this payment intent took no money');
      const remaining = intent ? intent.amount_received - refunded : null;
      const amount = input.amountMinor ?? remaining;
      if (amount === null)
        throw new ProviderError(
          'stripe',
          404,
          'resource_missing',
          'the sandbox does not know this payment (taken before the server restarted): refund an amount',
        );
      if (amount <= 0 || (remaining !== null && amount > remaining))
        throw new ProviderError('stripe', 400, 'charge_already_refunded', `at most ${remaining ?? 0} can be refunded`);
      const total = refunded + amount;
      refundedOf.set(input.paymentIntentId, total);
      const charge = chargeOf.get(input.paymentIntentId) ?? id('ch');
      chargeOf.set(input.paymentIntentId, charge);
      const created = Math.floor(Date.now() / 1000);
      const refundId = id('re');
      const refundObject = {
        id: refundId,
        object: 'refund',
        amount,
        charge,
        payment_intent: input.paymentIntentId,
        created,
        reason: input.reason ?? null,
        status: 'succeeded',
        failure_reason: null,
        metadata: input.metadata,
      };
      const chargeObject = {
        id: charge,
        object: 'charge',
        amount: intent?.amount_received ?? total,
        amount_captured: intent?.amount_received ?? total,
        amount_refunded: total,
        refunded: intent ? total >= intent.amount_received : false,
        payment_intent: input.paymentIntentId,
        status: 'succeeded',
        refunds: { object: 'list', data: [refundObject] },
      };
      const refund: SandboxRefund = {
        id: refundId,
        status: 'succeeded',
        events: [
          event('refund.created', refundObject, input.paymentIntentId, created),
          event('charge.refunded', chargeObject, input.paymentIntentId, created),
        ],
      };
      byKey.set(input.idempotencyKey, refund);
      await deliver(refund);
      return { id: refund.id, status: refund.status };
    },
  };
}
