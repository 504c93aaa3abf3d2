import { HttpFake, form, type FakeAnswer, type Recorded } from './http-fake.ts';

export const STRIPE_KEY = 'sk_test_forecourt_fake';

/** Stripe's API as the SDK calls it: Checkout Sessions and Refunds; records Idempotency-Key headers. */
export type FakeIntents = Map<string, Record<string, unknown>>;

export function stripeFake(events: unknown[] = [], intentsById: FakeIntents = new Map()): HttpFake {
  const fake = new HttpFake();
  let next = 0;
  fake.route((request) => {
    if (request.method === 'POST' && request.path === '/v1/checkout/sessions') {
      next += 1;
      return {
        status: 200,
        body: {
          id: `cs_test_${next}`,
          object: 'checkout.session',
          url: `https://checkout.stripe.test/c/pay/cs_test_${next}`,
          metadata: form(request.body),
        },
      };
    }
    if (request.method === 'POST' && request.path === '/v1/refunds') {
      next += 1;
      return {
        status: 200,
        body: {
          id: `re_test_${next}`,
          object: 'refund',
          status: 'pending',
          amount: Number(form(request.body).amount ?? 0),
        },
      };
    }
    const intents = paymentIntent(request, intentsById, () => ++next);
    if (intents) return intents;
    if (request.method === 'GET' && request.path.startsWith('/v1/events')) {
      return { status: 200, body: { object: 'list', url: '/v1/events', has_more: false, data: [...events].reverse() } };
    }
    return undefined;
  });
  return fake;
}

/**
 * PaymentIntents with manual capture, as Stripe answers them: created `requires_payment_method`
 * (the card is presented later; the test sends the webhook), captured (all or `amount_to_capture`)
 * only from `requires_capture`, cancelled unless already captured. The test moves an intent to
 * `requires_capture` with `authorizeIntent`, as the card network would.
 */
function paymentIntent(request: Recorded, intents: FakeIntents, nextId: () => number): FakeAnswer | undefined {
  if (request.method !== 'POST' || !request.path.startsWith('/v1/payment_intents')) return undefined;
  const fields = form(request.body);
  const [, , , id, action] = request.path.split('?')[0]?.split('/') ?? [];
  if (!id) {
    const intent = {
      id: `pi_test_${nextId()}`,
      object: 'payment_intent',
      status: 'requires_payment_method',
      amount: Number(fields.amount),
      amount_capturable: 0,
      amount_received: 0,
      currency: fields.currency,
      capture_method: fields.capture_method,
      created: 1_772_355_600,
      cancellation_reason: null,
      latest_charge: null,
      metadata: metadataOf(fields),
    };
    intents.set(intent.id, intent);
    return { status: 200, body: intent };
  }
  const intent = intents.get(id);
  if (!intent) return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
  if (action === 'capture') {
    if (intent.status !== 'requires_capture')
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state' } },
      };
    const amount = fields.amount_to_capture ? Number(fields.amount_to_capture) : Number(intent.amount_capturable);
    Object.assign(intent, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
    return { status: 200, body: intent };
  }
  if (action === 'cancel') {
    if (intent.status === 'succeeded' || intent.status === 'canceled')
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state' } },
      };
    Object.assign(intent, {
      status: 'canceled',
      amount_capturable: 0,
      cancellation_reason: fields.cancellation_reason ?? null,
    });
    return { status: 200, body: intent };
  }
  return undefined;
}

/** The card is authorized: the intent waits for capture (what `amount_capturable_updated` reports). */
export function authorizeIntent(intents: FakeIntents, id: string): Record<string, unknown> {
  const intent = intents.get(id);
  if (!intent) throw new Error(`no intent ${id}`);
  return Object.assign(intent, {
    status: 'requires_capture',
    amount_capturable: intent.amount,
    latest_charge: {
      id: `ch_${id}`,
      object: 'charge',
      payment_method_details: { card: { capture_before: 1_772_960_400 } },
    },
  });
}

function metadataOf(fields: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

export const stripeEnv = (fake: HttpFake): Record<string, string> => ({
  STRIPE_SECRET_KEY: STRIPE_KEY,
  STRIPE_API_BASE: fake.url,
});
