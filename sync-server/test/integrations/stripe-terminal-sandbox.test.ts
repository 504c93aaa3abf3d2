import { uuidv7, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice, seedTenant, seedUser, signInOn, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { seedContract, seedJob } from './stripe-fixtures.ts';
import { ownerHeaders, startIntegrationServer, waitFor } from './support.ts';

type Json = Record<string, unknown>;

/** Without STRIPE_SECRET_KEY: simulated readers, a card presented after a delay, events through the inbox. */
for (const kind of databaseKinds()) {
  describe(`Stripe Terminal in the sandbox (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let owner: Record<string, string>;
    let staff: Record<string, string>;
    let readerId: string;

    const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: Json) =>
      server.app.inject({ method, url: `/api/v1/integrations${url}`, headers, ...(payload ? { payload } : {}) });
    const attemptOf = async (attemptId: string) =>
      (await api('GET', `/terminal/attempts/${attemptId}`, staff)).json<{ data: Json }>().data;
    const waitAttempt = (attemptId: string, statuses: string[]) =>
      waitFor(
        async () => {
          const attempt = await attemptOf(attemptId);
          return statuses.includes(String(attempt.status)) ? attempt : undefined;
        },
        20_000,
        `attempt ${statuses.join('/')}`,
      );
    const paymentsOfJob = async (jobId: string) =>
      (await server.db.query<Row>('SELECT * FROM payments WHERE job_id = $1', [jobId])).rows;
    const contract = async (id: string) =>
      (await server.db.query<Row>('SELECT * FROM rental_contracts WHERE id = $1', [id])).rows[0];
    const pay = async (jobId: string, amountMinor: number) => {
      const attemptId = uuidv7();
      const started = await api('POST', '/terminal/payments', staff, {
        attemptId,
        readerId,
        jobId,
        amountMinor,
        kind: 'partial',
      });
      expect(started.statusCode).toBe(201);
      return attemptId;
    };

    beforeAll(async () => {
      server = await startIntegrationServer(kind, { STRIPE_SANDBOX_CARD_DELAY_MS: '1500' });
      tenant = await seedTenant(server, 'CH');
      owner = await ownerHeaders(server, tenant);
      const clerk = await seedUser(server, tenant, 'staff');
      const device = await enrolTestDevice(server, { siteId: tenant.siteId });
      staff = {
        authorization: device.authorization,
        'x-user-token': (await signInOn(server, device, clerk.email)).accessToken,
      };
    });
    afterAll(async () => server?.close());

    it('gives each site one simulated reader; staff see their site’s only; nothing to register', async () => {
      const all = await api('GET', '/terminal/readers', owner);
      const listed = all.json<{ data: { mode: string; readers: Array<{ id: string; siteId: string }> } }>().data;
      expect(listed.mode).toBe('sandbox');
      expect(listed.readers.map((reader) => reader.siteId).sort()).toEqual([tenant.siteId, tenant.otherSiteId].sort());
      await api('GET', '/terminal/readers', owner);
      const count = await server.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM terminal_readers WHERE tenant_id = $1',
        [tenant.tenantId],
      );
      expect(count.rows[0]?.n).toBe(2);
      const mine = (await api('GET', '/terminal/readers', staff)).json<{ data: { readers: Array<{ id: string }> } }>();
      expect(mine.data.readers).toHaveLength(1);
      readerId = mine.data.readers[0]?.id ?? '';
      const register = await api('POST', '/terminal/readers', owner, {
        requestId: uuidv7(),
        siteId: tenant.siteId,
        registrationCode: 'simulated-wpe',
        label: 'Desk',
        locationId: 'tml_x',
      });
      expect(register.statusCode).toBe(409);
    });

    it('presents a card after the delay: the attempt succeeds and the job has a confirmed card payment', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const attemptId = await pay(jobId, 12_000);
      expect((await waitAttempt(attemptId, ['waiting'])).readerLabel).toContain('Simulated reader');
      const done = await waitAttempt(attemptId, ['succeeded', 'failed']);
      expect(done.status).toBe('succeeded');
      const [payment] = await paymentsOfJob(jobId);
      expect(payment).toMatchObject({
        id: done.paymentId,
        status: 'confirmed',
        method: 'card',
        provider: 'stripe',
        amount_minor: 12_000,
      });
      // Both reported through the inbox like webhooks (the reader's event may be processed a moment later).
      const events = await waitFor(
        async () => {
          const rows = await server.db.query<{ event_type: string; status: string }>(
            "SELECT event_type, status FROM webhook_inbox WHERE provider = 'stripe' AND body LIKE $1 ORDER BY event_type",
            [`%${String(done.intentId)}%`],
          );
          return rows.rows.length === 2 && rows.rows.every((row) => row.status === 'processed') ? rows.rows : undefined;
        },
        20_000,
        'the sandbox events processed',
      );
      expect(events.map((row) => row.event_type)).toEqual([
        'payment_intent.succeeded',
        'terminal.reader.action_succeeded',
      ]);
    });

    it('declines like Stripe’s test amounts (…05) and the decline test card; no payment is recorded', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const declined = await pay(jobId, 10_005);
      expect(await waitAttempt(declined, ['succeeded', 'failed'])).toMatchObject({
        status: 'failed',
        message: 'The card was declined.',
      });
      const byCard = await pay(jobId, 10_000);
      await waitAttempt(byCard, ['waiting']);
      const presented = await api('POST', `/terminal/readers/${readerId}/present`, staff, {
        cardNumber: '4000000000000002',
      });
      expect(presented.json<{ data: { action: string } }>().data.action).toBe('failed');
      expect(await waitAttempt(byCard, ['failed'])).toMatchObject({ message: 'Your card was declined.' });
      expect(await paymentsOfJob(jobId)).toEqual([]);
    });

    it('cancel before the card: cancelled, the reader never takes it, nothing recorded', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const attemptId = await pay(jobId, 20_000);
      await waitAttempt(attemptId, ['waiting']);
      expect((await api('POST', `/terminal/attempts/${attemptId}/cancel`, staff)).statusCode).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 2000)); // past the card delay
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'canceled' });
      expect(await paymentsOfJob(jobId)).toEqual([]);
      const late = await api('POST', `/terminal/readers/${readerId}/present`, staff, {});
      expect(late.statusCode).toBe(409);
    });

    it('holds a deposit on the reader; it is captured in part like an online hold', async () => {
      const contractId = await seedContract(server, tenant);
      const attemptId = uuidv7();
      expect((await api('POST', '/terminal/deposits', staff, { attemptId, readerId, contractId })).statusCode).toBe(
        201,
      );
      expect(await waitAttempt(attemptId, ['succeeded', 'failed'])).toMatchObject({ status: 'succeeded' });
      const held = await contract(contractId);
      expect(held).toMatchObject({ deposit_hold_status: 'authorized', deposit_hold_minor: 50_000 });
      const expires = Date.parse(String(held?.deposit_hold_expires_at));
      expect(Math.abs(expires - (Date.now() + 2 * 86_400_000))).toBeLessThan(120_000);
      expect((await api('POST', `/deposits/${contractId}/capture`, staff, { requestId: uuidv7() })).statusCode).toBe(
        403,
      );
      const capture = await api('POST', `/deposits/${contractId}/capture`, owner, {
        requestId: uuidv7(),
        amountMinor: 15_000,
      });
      expect(capture.statusCode).toBe(201);
      await waitFor(
        async () => (await contract(contractId))?.deposit_hold_status === 'captured',
        20_000,
        'deposit captured',
      );
      expect(await contract(contractId)).toMatchObject({ deposit_captured_minor: 15_000 });
    });
  });
}
