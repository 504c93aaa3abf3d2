import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice, seedTenant, signInOn, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { eventId, eventStatus, intent, paymentsOfIntent, postStripe, seedJob, stripeEvent } from './stripe-fixtures.ts';
import { startIntegrationServer, waitFor } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Stripe payment effects (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let jobId: string;
    const meta = () => ({ tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId });
    const newIntent = () => `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;

    /** Posts a signed event and waits until its job has run. */
    async function deliver(payload: string): Promise<string> {
      await postStripe(server, payload);
      return waitFor(
        async () => {
          const status = await eventStatus(server, eventId(payload));
          return status === 'processed' || status === 'ignored' || status === 'dead' ? status : undefined;
        },
        20_000,
        `event ${eventId(payload)}`,
      );
    }
    const versionNow = () => server.engine.currentVersion();

    beforeAll(async () => {
      server = await startIntegrationServer(kind, { INTEGRATIONS_RETRY_LIMIT: '1' });
      tenant = await seedTenant(server);
      jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
    });
    afterAll(async () => server?.close());

    it('records payment_intent.succeeded as a confirmed payment of the job, confirmed by the provider', async () => {
      const pi = newIntent();
      expect(await deliver(stripeEvent('payment_intent.succeeded', intent(pi, meta())))).toBe('processed');
      const [payment] = await paymentsOfIntent(server, tenant.tenantId, pi);
      expect(payment).toMatchObject({
        job_id: jobId,
        site_id: tenant.siteId,
        status: 'confirmed',
        method: 'online',
        provider: 'stripe',
        provider_ref: pi,
        amount_minor: 150_000,
        currency: 'INR',
        confirmed_by: null,
      });
      const logged = await server.db.query('SELECT 1 FROM change_log WHERE table_name = $1 AND row_id = $2', [
        'payments',
        payment?.id,
      ]);
      expect(logged.rows).toHaveLength(1);
    });

    it('changes nothing for the same event delivered twice, or a second success of the same intent', async () => {
      const pi = newIntent();
      const payload = stripeEvent('payment_intent.succeeded', intent(pi, meta()));
      await deliver(payload);
      const version = await versionNow();
      await postStripe(server, payload);
      expect(await deliver(stripeEvent('payment_intent.succeeded', intent(pi, meta())))).toBe('processed');
      expect(await versionNow()).toBe(version);
      expect(await paymentsOfIntent(server, tenant.tenantId, pi)).toHaveLength(1);
    });

    it('never moves back: a failure after the success is ignored; a success after a failure confirms', async () => {
      const late = newIntent();
      await deliver(stripeEvent('payment_intent.succeeded', intent(late, meta())));
      await deliver(
        stripeEvent(
          'payment_intent.payment_failed',
          intent(late, meta(), { last_payment_error: { message: 'card declined' } }),
        ),
      );
      expect((await paymentsOfIntent(server, tenant.tenantId, late))[0]?.status).toBe('confirmed');

      const retried = newIntent();
      await deliver(
        stripeEvent(
          'payment_intent.payment_failed',
          intent(retried, meta(), { last_payment_error: { message: 'card declined' } }),
        ),
      );
      expect((await paymentsOfIntent(server, tenant.tenantId, retried))[0]).toMatchObject({
        status: 'failed',
        status_reason: 'payment failed: card declined',
      });
      await deliver(stripeEvent('payment_intent.succeeded', intent(retried, meta())));
      expect((await paymentsOfIntent(server, tenant.tenantId, retried))[0]).toMatchObject({
        status: 'confirmed',
        status_reason: null,
      });
    });

    it('confirms the payment the counter recorded for a pay-by-link request, in place', async () => {
      const paymentId = uuidv7();
      const now = new Date(server.clock()).toISOString();
      await server.engine.writeRows(tenant.tenantId, [
        {
          table: 'payments',
          row: {
            id: paymentId,
            tenant_id: tenant.tenantId,
            site_id: tenant.siteId,
            job_id: jobId,
            contract_id: null,
            kind: 'final',
            method: 'online',
            amount_minor: 99_00,
            currency: 'INR',
            reference: null,
            note: 'link sent',
            status: 'unconfirmed',
            recorded_by: tenant.ownerId,
            confirmed_by: null,
            confirmed_at: null,
            provider: 'stripe',
            provider_ref: null,
            settlement_id: null,
            refunded_minor: null,
            refund_of_id: null,
            status_reason: null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          },
        },
      ]);
      const session = {
        id: `cs_${uuidv7().slice(-12)}`,
        object: 'checkout.session',
        payment_status: 'unpaid',
        amount_total: 99_00,
        currency: 'inr',
        payment_intent: newIntent(),
        metadata: { ...meta(), payment_id: paymentId },
      };
      await deliver(stripeEvent('checkout.session.completed', session));
      expect(
        (await server.db.query<{ status: string }>('SELECT status FROM payments WHERE id = $1', [paymentId])).rows[0]
          ?.status,
      ).toBe('unconfirmed');
      await deliver(stripeEvent('checkout.session.async_payment_succeeded', { ...session, payment_status: 'paid' }));
      const row = (await server.db.query('SELECT * FROM payments WHERE id = $1', [paymentId])).rows[0];
      expect(row).toMatchObject({
        status: 'confirmed',
        note: 'link sent',
        recorded_by: tenant.ownerId,
        provider_ref: session.payment_intent,
      });
    });

    it('records partial and full refunds as refund rows and a refunded amount that never decreases', async () => {
      const pi = newIntent();
      await deliver(stripeEvent('payment_intent.succeeded', intent(pi, meta())));
      const refund = (id: string, amount: number, status: string) => ({
        id,
        object: 'refund',
        amount,
        status,
        payment_intent: pi,
        currency: 'inr',
      });
      await deliver(stripeEvent('refund.created', refund('re_a', 50_000, 'pending')));
      await deliver(stripeEvent('refund.updated', refund('re_a', 50_000, 'succeeded')));
      const [payment, first] = await paymentsOfIntent(server, tenant.tenantId, pi);
      expect(payment).toMatchObject({ status: 'confirmed', refunded_minor: 50_000, status_reason: 'partly refunded' });
      expect(first).toMatchObject({
        kind: 'refund',
        refund_of_id: payment?.id,
        amount_minor: 50_000,
        status: 'confirmed',
        provider_ref: 're_a',
      });
      await deliver(
        stripeEvent('charge.refunded', {
          id: 'ch_1',
          object: 'charge',
          payment_intent: pi,
          amount: 150_000,
          amount_refunded: 20_000,
          refunded: false,
        }),
      );
      expect((await paymentsOfIntent(server, tenant.tenantId, pi))[0]?.refunded_minor).toBe(50_000);
      await deliver(stripeEvent('refund.updated', refund('re_b', 100_000, 'succeeded')));
      const [refunded] = await paymentsOfIntent(server, tenant.tenantId, pi);
      expect(refunded).toMatchObject({ status: 'refunded', refunded_minor: 150_000 });
    });

    it('shows a dispute on the payment and its outcome', async () => {
      const pi = newIntent();
      await deliver(stripeEvent('payment_intent.succeeded', intent(pi, meta())));
      const dispute = {
        id: 'dp_1',
        object: 'dispute',
        payment_intent: pi,
        amount: 150_000,
        reason: 'fraudulent',
        status: 'needs_response',
      };
      await deliver(stripeEvent('charge.dispute.created', dispute));
      expect((await paymentsOfIntent(server, tenant.tenantId, pi))[0]).toMatchObject({
        status: 'disputed',
        status_reason: 'disputed: fraudulent',
      });
      await deliver(stripeEvent('charge.dispute.closed', { ...dispute, status: 'won' }));
      expect((await paymentsOfIntent(server, tenant.tenantId, pi))[0]).toMatchObject({
        status: 'confirmed',
        status_reason: 'dispute won',
      });
      await deliver(stripeEvent('charge.dispute.created', dispute));
      expect((await paymentsOfIntent(server, tenant.tenantId, pi))[0]?.status).toBe('confirmed');
    });

    it('ignores an intent that carries no Forecourt metadata', async () => {
      expect(await deliver(stripeEvent('payment_intent.succeeded', intent(newIntent(), {})))).toBe('ignored');
    });

    it('turns an effect that keeps failing into a dead letter the owner sees and retries', async () => {
      const other = await seedTenant(server);
      const otherJob = await seedJob(server, other.tenantId, other.siteId);
      // A payment id taken by another tenant: the write is refused by tenant isolation every time.
      const clashing = intent(newIntent(), { tenant_id: other.tenantId, site_id: other.siteId, job_id: otherJob });
      await deliver(stripeEvent('payment_intent.succeeded', clashing));
      const [taken] = await paymentsOfIntent(server, other.tenantId, clashing.id);
      const pi = newIntent();
      const payload = stripeEvent('payment_intent.succeeded', intent(pi, { ...meta(), payment_id: String(taken?.id) }));
      expect(await deliver(payload)).toBe('dead');

      const device = await enrolTestDevice(server, { tenantId: tenant.tenantId, scope: 'tenant' });
      const session = await signInOn(server, device, tenant.ownerEmail);
      const headers = { authorization: device.authorization, 'x-user-token': session.accessToken };
      const log = await server.app.inject({ method: 'GET', url: '/api/v1/integrations/events?status=dead', headers });
      expect(log.statusCode).toBe(200);
      const dead = log.json<{ data: { items: Array<{ id: string; lastError: string; attempts: number }> } }>().data
        .items;
      expect(dead).toHaveLength(1);
      expect(dead[0]?.attempts).toBe(2);
      const status = await server.app.inject({ method: 'GET', url: '/api/v1/integrations/status', headers });
      expect(
        status.json<{ data: { providers: Array<{ provider: string; dead: number; mode: string }> } }>().data.providers,
      ).toContainEqual(expect.objectContaining({ provider: 'stripe', dead: 1, mode: 'sandbox' }));

      await server.db.query('UPDATE payments SET id = $2 WHERE id = $1', [taken?.id, uuidv7()]);
      const retry = await server.app.inject({
        method: 'POST',
        url: `/api/v1/integrations/events/${dead[0]?.id}/retry`,
        headers,
      });
      expect(retry.statusCode).toBe(200);
      await waitFor(async () => (await eventStatus(server, eventId(payload))) === 'processed', 20_000, 'retried event');
      expect((await paymentsOfIntent(server, tenant.tenantId, pi))[0]?.status).toBe('confirmed');
      const again = await server.app.inject({
        method: 'POST',
        url: `/api/v1/integrations/events/${dead[0]?.id}/retry`,
        headers,
      });
      expect(again.statusCode).toBe(404);
    });
  });
}
