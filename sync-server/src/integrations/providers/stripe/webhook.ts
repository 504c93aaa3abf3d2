import Stripe from 'stripe';
import { BILLING_EVENTS } from '../../../billing/effects.ts';
import type { IncomingEvent } from '../../inbox/inbox.ts';
import { header, type ReceivedWebhook, type VerifyOutcome } from '../webhook-types.ts';

/** Event types with an effect; anything else is stored for the log and answered 2xx. */
export const STRIPE_HANDLED_EVENTS: ReadonlySet<string> = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'charge.dispute.created',
  'charge.dispute.closed',
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  // Card-present attempts on a Terminal reader (terminal.ts).
  'terminal.reader.action_succeeded',
  'terminal.reader.action_failed',
  // The tenant's plan (sync-server/src/billing/effects.ts).
  ...BILLING_EVENTS,
]);

interface StripeEventShape {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

/** `t=` of a Stripe-Signature header, or null when absent or not a number. */
function signatureTimestamp(signature: string): number | null {
  for (const part of signature.split(',')) {
    const [key, value] = part.split('=', 2);
    if (key?.trim() === 't' && value && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}

/** The payment intent an event is about: the effects of one intent are serialised on it. */
export function stripeEntityKey(object: Record<string, unknown>): string | null {
  const id = typeof object.id === 'string' ? object.id : null;
  if (id?.startsWith('pi_')) return id;
  const intent = object.payment_intent;
  if (typeof intent === 'string') return intent;
  // An expanded intent is an object; its id is checked before use.
  if (intent && typeof intent === 'object' && typeof (intent as { id?: unknown }).id === 'string') {
    return (intent as { id: string }).id; // an expanded intent
  }
  return id;
}

/**
 * Verifies with the SDK (`constructEvent` on the raw bytes, each configured secret in turn, so a
 * rotated-out secret and its successor both pass while both are configured), at our clock. The SDK
 * only rejects old timestamps; one further ahead than the tolerance is rejected here.
 */
export function verifyStripe(
  secrets: readonly string[],
  toleranceSeconds: number,
): (webhook: ReceivedWebhook) => VerifyOutcome {
  return (webhook) => {
    if (secrets.length === 0) return { ok: false, reason: 'not-configured' };
    const signature = header(webhook.headers, 'stripe-signature');
    if (!signature) return { ok: false, reason: 'missing-signature' };
    const timestamp = signatureTimestamp(signature);
    if (timestamp === null) return { ok: false, reason: 'bad-signature' };
    const skew = timestamp - Math.floor(webhook.receivedAtMs / 1000);
    if (skew > toleranceSeconds || -skew > toleranceSeconds) return { ok: false, reason: 'stale' };
    let event: StripeEventShape | null = null;
    for (const secret of secrets) {
      try {
        // Typed as the SDK's union of events; only id, type and data.object are read from it.
        event = Stripe.webhooks.constructEvent(
          webhook.rawBody,
          signature,
          secret,
          toleranceSeconds,
          undefined,
          webhook.receivedAtMs,
        ) as unknown as StripeEventShape;
        break;
      } catch {
        // Not this secret (or not valid at all): the next configured one may match.
      }
    }
    if (!event) return { ok: false, reason: 'bad-signature' };
    if (typeof event.id !== 'string' || typeof event.type !== 'string' || !event.data?.object) {
      return { ok: false, reason: 'malformed' };
    }
    const incoming: IncomingEvent = {
      provider: 'stripe',
      eventKey: event.id,
      eventType: event.type,
      entityKey: stripeEntityKey(event.data.object),
      body: webhook.rawBody.toString('utf8'),
      handled: STRIPE_HANDLED_EVENTS.has(event.type),
    };
    return { ok: true, events: [incoming] };
  };
}
