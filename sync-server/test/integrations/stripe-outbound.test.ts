import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { form, type HttpFake } from './fakes/http-fake.ts';
import { STRIPE_KEY, stripeEnv, stripeFake } from './fakes/stripe-fake.ts';
import { twilioEnv, twilioFake } from './fakes/twilio-fake.ts';
import { intent, paymentsOfIntent, postStripe, seedJob, stripeEvent } from './stripe-fixtures.ts';
import { ownerHeaders, startIntegrationServer, waitFor } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Stripe outbound: pay by link and refunds (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let headers: Record<string, string>;
    let stripe: HttpFake;
    let twilio: HttpFake;
    let jobId: string;
    const listedEvents: unknown[] = [];
    const payment = async (id: string) => (await server.db.query('SELECT * FROM payments WHERE id = $1', [id])).rows[0];
    const callsOf = async (operation: string) =>
      (
        await server.db.query<{ status: string; idempotency_key: string; attempts: number }>(
          'SELECT status, idempotency_key, attempts FROM outbound_calls WHERE operation = $1 ORDER BY created_at',
          [operation],
        )
      ).rows;

    beforeAll(async () => {
      stripe = stripeFake(listedEvents);
      twilio = twilioFake();
      await stripe.start();
      await twilio.start();
      server = await startIntegrationServer(kind, {
        ...stripeEnv(stripe),
        ...twilioEnv(twilio),
        INTEGRATIONS_RETRY_DELAY_SECONDS: '1',
        INTEGRATIONS_RECONCILE_SECONDS: '1',
      });
      tenant = await seedTenant(server);
      headers = await ownerHeaders(server, tenant);
      jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
    });
    afterAll(async () => {
      await server?.close();
      await stripe?.stop();
      await twilio?.stop();
    });

    it('creates a Checkout Session with our metadata and key, shows the link on the payment and sends it by SMS', async () => {
      const id = uuidv7();
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/payments/links',
        headers,
        payload: {
          id,
          siteId: tenant.siteId,
          jobId,
          amountMinor: 250_000,
          currency: 'INR',
          kind: 'final',
          phone: '+919812345678',
        },
      });
      expect(response.statusCode).toBe(201);
      expect(await payment(id)).toMatchObject({
        status: 'unconfirmed',
        method: 'online',
        provider: 'stripe',
        amount_minor: 250_000,
      });
      const row = await waitFor(
        async () => ((await payment(id))?.reference ? payment(id) : undefined),
        20_000,
        'the link on the payment',
      );
      const request = stripe.requests('POST', '/v1/checkout/sessions')[0];
      expect(request?.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
      expect(request?.headers['idempotency-key']).toBe(`checkout:${id}`);
      expect(form(request?.body ?? '')).toMatchObject({
        'metadata[payment_id]': id,
        'metadata[tenant_id]': tenant.tenantId,
        'metadata[job_id]': jobId,
        'payment_intent_data[metadata][payment_id]': id,
        'line_items[0][price_data][unit_amount]': '250000',
      });
      expect(row?.reference).toBe('https://checkout.stripe.test/c/pay/cs_test_1');
      await waitFor(async () => twilio.requests('POST', '/Messages.json').length > 0, 20_000, 'the SMS with the link');
      expect(form(twilio.requests('POST', '/Messages.json')[0]?.body ?? '').Body).toContain(String(row?.reference));
    });

    it('refunds with one key per request: a repeated request is one refund; a 5xx is retried with the same key', async () => {
      const pi = `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;
      await postStripe(
        server,
        stripeEvent(
          'payment_intent.succeeded',
          intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
        ),
      );
      const paid = await waitFor(
        async () => (await paymentsOfIntent(server, tenant.tenantId, pi))[0],
        20_000,
        'the confirmed payment',
      );
      let failures = 0;
      stripe.route((request) =>
        request.path === '/v1/refunds' && failures++ < 3
          ? { status: 500, body: { error: { type: 'api_error', message: 'boom' } } }
          : undefined,
      );
      const requestId = uuidv7();
      const refund = () =>
        server.app.inject({
          method: 'POST',
          url: `/api/v1/integrations/payments/${paid.id}/refunds`,
          headers,
          payload: { requestId, amountMinor: 40_000 },
        });
      const first = await refund();
      const second = await refund();
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(first.json()).toEqual(second.json());
      await waitFor(
        async () => (await callsOf('stripe.refund')).find((call) => call.status === 'done'),
        30_000,
        'the refund call',
      );
      const sent = stripe.requests('POST', '/v1/refunds');
      expect(sent.length).toBe(4);
      expect(new Set(sent.map((request) => request.headers['idempotency-key']))).toEqual(
        new Set([`refund:${paid.id}:${requestId}`]),
      );
      expect(form(sent[0]?.body ?? '')).toMatchObject({ payment_intent: pi, amount: '40000' });
      const [call] = await callsOf('stripe.refund');
      expect(call?.attempts).toBe(2);
    });

    it('refuses a refund above what remains, and of a payment not taken through Stripe', async () => {
      const pi = `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;
      await postStripe(
        server,
        stripeEvent(
          'payment_intent.succeeded',
          intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
        ),
      );
      const paid = await waitFor(
        async () => (await paymentsOfIntent(server, tenant.tenantId, pi))[0],
        20_000,
        'the confirmed payment',
      );
      const tooMuch = await server.app.inject({
        method: 'POST',
        url: `/api/v1/integrations/payments/${paid.id}/refunds`,
        headers,
        payload: { requestId: uuidv7(), amountMinor: 150_001 },
      });
      expect(tooMuch.json()).toMatchObject({
        error: { code: 'invalid', message: 'at most 150000 can still be refunded' },
      });
    });

    it('reconciles from the events API: an event never delivered as a webhook is processed once', async () => {
      const pi = `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;
      const meta = { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId };
      const event = JSON.parse(stripeEvent('payment_intent.succeeded', intent(pi, meta))) as { id: string };
      listedEvents.push(event);
      const paid = await waitFor(
        async () => (await paymentsOfIntent(server, tenant.tenantId, pi))[0],
        20_000,
        'the reconciled payment',
      );
      expect(paid).toMatchObject({ status: 'confirmed', provider_ref: pi });
      const listCall = stripe.requests('GET', '/v1/events').at(-1);
      expect(listCall?.headers.authorization).toBe(`Bearer ${STRIPE_KEY}`);
      expect(decodeURIComponent(listCall?.path ?? '')).toContain('types[0]=payment_intent.succeeded');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const stored = await server.db.query('SELECT 1 FROM webhook_inbox WHERE event_key = $1', [event.id]);
      expect(stored.rows).toHaveLength(1);
    });
  });
}
