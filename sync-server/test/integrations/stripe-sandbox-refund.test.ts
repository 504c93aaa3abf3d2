import { uuidv7, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice, seedTenant, seedUser, signInOn, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { seedJob } from './stripe-fixtures.ts';
import { ownerHeaders, startIntegrationServer, waitFor } from './support.ts';

type Json = Record<string, unknown>;

/**
 * Without STRIPE_SECRET_KEY: a refund of a card taken on the simulated reader is reported as
 * Stripe reports it (refund.created, charge.refunded) through the inbox, so it reaches the job.
 * Also the reader list the owner's card-readers panel reads (Stripe's ids; roles and tenants).
 */
for (const kind of databaseKinds()) {
  describe(`Stripe sandbox refunds and the reader list (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let owner: Record<string, string>;
    let staff: Record<string, string>;
    let readerId: string;

    const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: Json) =>
      server.app.inject({ method, url: `/api/v1/integrations${url}`, headers, ...(payload ? { payload } : {}) });
    const headersOf = async (who: SeededTenant, role: 'staff' | 'viewer' | 'manager', siteId: string) => {
      const user = await seedUser(server, who, role, siteId);
      const device = await enrolTestDevice(server, { siteId });
      return {
        authorization: device.authorization,
        'x-user-token': (await signInOn(server, device, user.email)).accessToken,
      };
    };
    const paymentsOfJob = async (jobId: string) =>
      (await server.db.query<Row>('SELECT * FROM payments WHERE job_id = $1 ORDER BY created_at, id', [jobId])).rows;

    /** A card payment of `amountMinor` taken on the site's simulated reader; its payment row. */
    const paidOnReader = async (jobId: string, amountMinor: number): Promise<Row> => {
      const attemptId = uuidv7();
      const started = await api('POST', '/terminal/payments', staff, {
        attemptId,
        readerId,
        jobId,
        amountMinor,
        kind: 'final',
      });
      expect(started.statusCode).toBe(201);
      await waitFor(
        async () => {
          const attempt = (await api('GET', `/terminal/attempts/${attemptId}`, staff)).json<{ data: Json }>().data;
          return attempt.status === 'waiting' ? attempt : undefined;
        },
        20_000,
        'the reader waiting',
      );
      expect((await api('POST', `/terminal/readers/${readerId}/present`, staff, {})).statusCode).toBe(200);
      return waitFor(
        async () => (await paymentsOfJob(jobId)).find((row) => row.status === 'confirmed'),
        20_000,
        'the card payment confirmed',
      );
    };

    beforeAll(async () => {
      server = await startIntegrationServer(kind, { STRIPE_SANDBOX_CARD_DELAY_MS: '0' });
      tenant = await seedTenant(server, 'CH');
      owner = await ownerHeaders(server, tenant);
      staff = await headersOf(tenant, 'staff', tenant.siteId);
    });
    afterAll(async () => server?.close());

    it('lists readers with Stripe’s ids; a viewer is refused; another tenant sees none of ours', async () => {
      const listed = await api('GET', '/terminal/readers', owner);
      expect(listed.statusCode).toBe(200);
      const data = listed.json<{ data: { mode: string; readers: Json[] } }>().data;
      expect(data.mode).toBe('sandbox');
      expect(data.readers).toHaveLength(2);
      for (const reader of data.readers) {
        expect(reader.stripeReaderId).toMatch(/^tmr_sandbox_[0-9a-f]{20}$/);
        expect(reader.locationId).toBeNull();
        expect(reader.mode).toBe('sandbox');
      }
      const mine = (await api('GET', '/terminal/readers', staff)).json<{ data: { readers: Json[] } }>().data.readers;
      expect(mine.map((reader) => reader.siteId)).toEqual([tenant.siteId]);
      readerId = String(mine[0]?.id);

      const viewer = await headersOf(tenant, 'viewer', tenant.siteId);
      expect((await api('GET', '/terminal/readers', viewer)).statusCode).toBe(403);
      const manager = await headersOf(tenant, 'manager', tenant.siteId);
      const register = await api('POST', '/terminal/readers', staff, {
        requestId: uuidv7(),
        siteId: tenant.siteId,
        registrationCode: 'simulated-wpe',
        label: 'Desk',
        locationId: 'tml_abc',
      });
      expect(register.statusCode).toBe(403);
      expect(
        (await api('GET', '/terminal/readers', manager)).json<{ data: { readers: Json[] } }>().data.readers,
      ).toHaveLength(1);

      const stranger = await seedTenant(server, 'CH');
      const theirs = (await api('GET', '/terminal/readers', await ownerHeaders(server, stranger))).json<{
        data: { readers: Json[] };
      }>().data.readers;
      expect(theirs).toHaveLength(2);
      const ours = new Set(data.readers.map((reader) => reader.id));
      expect(theirs.some((reader) => ours.has(reader.id))).toBe(false);
      expect(theirs.every((reader) => reader.siteId !== tenant.siteId && reader.siteId !== tenant.otherSiteId)).toBe(
        true,
      );
    });

    it('a refund makes refund.created and charge.refunded in the inbox, then a refund row with the note', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const payment = await paidOnReader(jobId, 30_000);
      const requestId = uuidv7();
      const body = { requestId, amountMinor: 10_000, reason: 'duplicate', note: 'charged twice at the desk' };
      expect((await api('POST', `/payments/${String(payment.id)}/refunds`, owner, body)).statusCode).toBe(201);
      // The same request again (a double click) is the same refund: no second row.
      expect((await api('POST', `/payments/${String(payment.id)}/refunds`, owner, body)).statusCode).toBe(201);

      const events = await waitFor(
        async () => {
          const rows = await server.db.query<{ event_type: string; status: string }>(
            `SELECT event_type, status FROM webhook_inbox WHERE provider = 'stripe' AND body LIKE $1
              AND event_type IN ('refund.created', 'charge.refunded') ORDER BY event_type`,
            [`%${String(payment.provider_ref)}%`],
          );
          return rows.rows.length === 2 && rows.rows.every((row) => row.status === 'processed') ? rows.rows : undefined;
        },
        20_000,
        'the refund events processed',
      );
      expect(events.map((row) => row.event_type)).toEqual(['charge.refunded', 'refund.created']);

      const rows = await paymentsOfJob(jobId);
      const refunds = rows.filter((row) => row.kind === 'refund');
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({
        refund_of_id: payment.id,
        amount_minor: 10_000,
        status: 'confirmed',
        provider: 'stripe',
        method: 'card',
        note: 'Duplicate payment: charged twice at the desk',
      });
      expect(String(refunds[0]?.provider_ref)).toMatch(/^re_sandbox_/);
      expect(rows.find((row) => row.id === payment.id)).toMatchObject({
        status: 'confirmed',
        refunded_minor: 10_000,
        status_reason: 'partly refunded',
      });
    });

    it('refunds what remains without an amount; more than remains fails the call, nothing recorded', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const payment = await paidOnReader(jobId, 8_000);
      const refund = (amountMinor?: number) =>
        api('POST', `/payments/${String(payment.id)}/refunds`, owner, {
          requestId: uuidv7(),
          reason: 'requested_by_customer',
          note: 'customer changed their mind',
          ...(amountMinor ? { amountMinor } : {}),
        });
      expect((await refund(3_000)).statusCode).toBe(201);
      await waitFor(
        async () => (await paymentsOfJob(jobId)).find((row) => row.kind === 'refund' && row.status === 'confirmed'),
        20_000,
        'the first refund',
      );
      expect((await refund()).statusCode).toBe(201);
      const refunded = await waitFor(
        async () => (await paymentsOfJob(jobId)).find((row) => row.id === payment.id && row.status === 'refunded'),
        20_000,
        'the payment refunded in full',
      );
      expect(refunded.refunded_minor).toBe(8_000);
      const refunds = (await paymentsOfJob(jobId)).filter((row) => row.kind === 'refund');
      expect(refunds.map((row) => row.amount_minor).sort()).toEqual([3_000, 5_000]);
      expect(refunds.every((row) => row.note === 'Requested by the customer: customer changed their mind')).toBe(true);
    });

    it('a payment the sandbox did not take: refunded as pending, no events; its own lost intent needs an amount', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const template = await paidOnReader(jobId, 5_000);
      const copyWith = async (intentId: string) => {
        const row = { ...template, id: uuidv7(), provider_ref: intentId, reference: intentId, refunded_minor: null };
        await server.engine.writeRows(tenant.tenantId, [{ table: 'payments', row }]);
        return String(row.id);
      };
      const callOf = async (paymentId: string) =>
        waitFor(
          async () =>
            (
              await server.db.query<{ status: string; response: Json | null; last_error: string | null }>(
                "SELECT status, response, last_error FROM outbound_calls WHERE operation = 'stripe.refund' AND idempotency_key LIKE $1",
                [`refund:${paymentId}:%`],
              )
            ).rows.find((call) => call.status === 'done' || call.status === 'failed'),
          20_000,
          'the refund call settled',
        );
      const byHand = await copyWith(`pi_e2e${uuidv7().replace(/-/g, '').slice(-18)}`);
      const lost = await copyWith(`pi_sandbox_${'0'.repeat(20)}`);
      for (const paymentId of [byHand, lost])
        expect(
          (await api('POST', `/payments/${paymentId}/refunds`, owner, { requestId: uuidv7(), note: 'test' }))
            .statusCode,
        ).toBe(201);
      expect(await callOf(byHand)).toMatchObject({ status: 'done', response: { status: 'pending' } });
      const failed = await callOf(lost);
      expect(failed.status).toBe('failed');
      expect(failed.last_error).toContain('refund an amount');
      const refundEvents = await server.db.query(
        "SELECT 1 FROM webhook_inbox WHERE provider = 'stripe' AND event_type IN ('refund.created', 'charge.refunded') AND (body LIKE $1 OR body LIKE $2)",
        [`%${byHand}%`, '%pi_sandbox_00000000000000000000%'],
      );
      expect(refundEvents.rows).toHaveLength(0);
      const rows = await server.db.query('SELECT 1 FROM payments WHERE refund_of_id = ANY($1::text[])', [
        [byHand, lost],
      ]);
      expect(rows.rows).toHaveLength(0);
    });
  });
}
