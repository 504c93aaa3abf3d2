import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPlan, saveSubscription } from '../../src/billing/store.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { form, type HttpFake } from '../integrations/fakes/http-fake.ts';
import { STRIPE_KEY, stripeEnv, stripeFake } from '../integrations/fakes/stripe-fake.ts';
import { ownerHeaders, startIntegrationServer } from '../integrations/support.ts';

/**
 * Live mode against Stripe's API faked at its HTTP boundary (the SDK makes the calls): a new
 * subscription goes through a Checkout Session in `mode: subscription`; a running one is moved to
 * the new tier's Price, with the idempotency keys of the owner's request.
 */
for (const kind of databaseKinds()) {
  describe(`tenant billing with live Stripe (${kind.name})`, () => {
    let server: TestServer;
    let fake: HttpFake;
    let tenant: SeededTenant;
    let headers: Record<string, string>;
    const choose = (tier: string, requestId: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/billing/checkout',
        headers,
        payload: { tier, requestId },
      });

    beforeAll(async () => {
      fake = stripeFake();
      fake.route((request) =>
        request.method === 'GET' && request.path.startsWith('/v1/invoices')
          ? {
              status: 200,
              body: {
                object: 'list',
                url: '/v1/invoices',
                has_more: false,
                data: [
                  { id: 'in_open_1', object: 'invoice', hosted_invoice_url: 'https://invoice.stripe.com/i/test_1' },
                ],
              },
            }
          : undefined,
      );
      fake.route((request) => {
        const match = /^\/v1\/subscriptions\/(sub_[A-Za-z0-9]+)/.exec(request.path);
        if (!match) return undefined;
        const base = {
          id: match[1],
          object: 'subscription',
          status: 'active',
          items: {
            object: 'list',
            data: [{ id: 'si_live_1', object: 'subscription_item', price: { id: 'price_pro' } }],
          },
        };
        return { status: 200, body: request.method === 'POST' ? { ...base, metadata: { tier: 'business' } } : base };
      });
      await fake.start();
      server = await startIntegrationServer(kind, {
        ...stripeEnv(fake),
        STRIPE_PRICE_PROFESSIONAL: 'price_pro',
        STRIPE_PRICE_BUSINESS: 'price_biz',
      });
      tenant = await seedTenant(server);
      headers = await ownerHeaders(server, tenant);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('opens a Checkout Session in subscription mode for a new plan, one per request id', async () => {
      const requestId = uuidv7().replace(/-/g, '');
      const first = await choose('professional', requestId);
      expect(first.statusCode).toBe(200);
      expect(first.json().data).toEqual({
        url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\//),
        outcome: 'checkout',
      });
      const [sent] = fake.requests('POST', '/v1/checkout/sessions');
      expect(sent?.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
      expect(sent?.headers['idempotency-key']).toBe(`billing-checkout:${tenant.tenantId}:${requestId}`);
      expect(form(sent?.body ?? '')).toMatchObject({
        mode: 'subscription',
        'line_items[0][price]': 'price_pro',
        'line_items[0][quantity]': '1',
        client_reference_id: tenant.tenantId,
        'metadata[tenant_id]': tenant.tenantId,
        'metadata[tier]': 'professional',
        'subscription_data[metadata][tenant_id]': tenant.tenantId,
        'subscription_data[metadata][tier]': 'professional',
      });
      // Nothing changes until Stripe's webhook says the subscription exists.
      const plan = await server.app.inject({ method: 'GET', url: '/api/v1/billing', headers });
      expect(plan.json().data).toMatchObject({ tier: null, status: 'trial', mode: 'live' });
      await choose('professional', requestId);
      const keys = fake.requests('POST', '/v1/checkout/sessions').map((request) => request.headers['idempotency-key']);
      expect(keys).toEqual([keys[0], keys[0]]);
    });

    it('prices a tier without a configured Price inline, monthly, in the tenant currency', async () => {
      await choose('starter', uuidv7().replace(/-/g, ''));
      const sent = form(fake.requests('POST', '/v1/checkout/sessions').at(-1)?.body ?? '');
      expect(sent).toMatchObject({
        mode: 'subscription',
        'line_items[0][price_data][currency]': 'inr',
        'line_items[0][price_data][unit_amount]': '149900',
        'line_items[0][price_data][recurring][interval]': 'month',
        'line_items[0][price_data][product_data][name]': 'Forecourt Starter',
      });
    });

    it('moves a running subscription to the new tier’s Price instead of a second Checkout', async () => {
      const now = new Date(server.clock()).toISOString();
      await saveSubscription(server.db, {
        tenant_id: tenant.tenantId,
        tier: 'professional',
        status: 'active',
        stripe_customer_id: 'cus_live_1',
        stripe_subscription_id: 'sub_live1',
        current_period_end: null,
        lapsed_since: null,
        grace_ends_at: null,
        last_event_at: 1,
        last_event_id: 'evt_live_1',
        sandbox: false,
        created_at: now,
        updated_at: now,
      });
      const sessions = fake.requests('POST', '/v1/checkout/sessions').length;
      const requestId = uuidv7().replace(/-/g, '');
      const changed = await choose('business', requestId);
      expect(changed.json().data).toEqual({ url: null, outcome: 'changed' });
      expect(fake.requests('POST', '/v1/checkout/sessions')).toHaveLength(sessions);
      const update = fake.requests('POST', '/v1/subscriptions/sub_live1').at(-1);
      expect(update?.headers['idempotency-key']).toBe(`billing-change:${tenant.tenantId}:${requestId}`);
      expect(form(update?.body ?? '')).toMatchObject({
        'items[0][id]': 'si_live_1',
        'items[0][price]': 'price_biz',
        proration_behavior: 'create_prorations',
        'metadata[tier]': 'business',
      });
      // The same tier again is refused; a tier without a configured Price cannot be moved to.
      expect((await choose('professional', uuidv7().replace(/-/g, ''))).statusCode).toBe(409);
      const starter = await choose('starter', uuidv7().replace(/-/g, ''));
      expect(starter.statusCode).toBe(503);
      expect(starter.json().error.message).toBe(
        'Stripe did not accept the request: changing a running subscription needs STRIPE_PRICE_STARTER',
      );
    });

    it('renews an overdue plan by opening its open invoice on Stripe', async () => {
      await server.db.query(
        "UPDATE tenant_subscriptions SET status = 'past_due', tier = 'business' WHERE tenant_id = $1",
        [tenant.tenantId],
      );
      forgetPlan(tenant.tenantId);
      const renew = await choose('business', uuidv7().replace(/-/g, ''));
      expect(renew.json().data).toEqual({ url: 'https://invoice.stripe.com/i/test_1', outcome: 'checkout' });
      const listed = fake.requests('GET', '/v1/invoices').at(-1);
      expect(Object.fromEntries(new URLSearchParams(listed?.path.split('?')[1]))).toMatchObject({
        subscription: 'sub_live1',
        status: 'open',
        limit: '1',
      });
    });
  });
}
