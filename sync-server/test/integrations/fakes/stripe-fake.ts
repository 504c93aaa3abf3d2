import { HttpFake, form } from './http-fake.ts';

export const STRIPE_KEY = 'sk_test_forecourt_fake';

/** Stripe's API as the SDK calls it: Checkout Sessions and Refunds; records Idempotency-Key headers. */
export function stripeFake(events: unknown[] = []): HttpFake {
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
    if (request.method === 'GET' && request.path.startsWith('/v1/events')) {
      return { status: 200, body: { object: 'list', url: '/v1/events', has_more: false, data: [...events].reverse() } };
    }
    return undefined;
  });
  return fake;
}

export const stripeEnv = (fake: HttpFake): Record<string, string> => ({
  STRIPE_SECRET_KEY: STRIPE_KEY,
  STRIPE_API_BASE: fake.url,
});
