import { uuidv7, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice, seedTenant, seedUser, signInOn, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { form, type HttpFake } from './fakes/http-fake.ts';
import { stripeEnv, stripeFake, type FakeIntents } from './fakes/stripe-fake.ts';
import {
  addTerminalRoutes,
  BAD_REGISTRATION_CODE,
  presentCard,
  type FakeReaders,
} from './fakes/stripe-terminal-fake.ts';
import { eventId, eventStatus, postStripe, seedContract, seedJob, stripeEvent } from './stripe-fixtures.ts';
import { ownerHeaders, startIntegrationServer, waitFor } from './support.ts';

type Json = Record<string, unknown>;
const LOCATION = 'tml_testcounter';

for (const kind of databaseKinds()) {
  describe(`Stripe Terminal card-present payments against the Stripe fake (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let owner: Record<string, string>;
    let staff: Record<string, string>;
    let stripe: HttpFake;
    let readers: FakeReaders;
    let readerId: string;
    const intents: FakeIntents = new Map();

    const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: Json) =>
      server.app.inject({ method, url: `/api/v1/integrations${url}`, headers, ...(payload ? { payload } : {}) });
    const attemptOf = async (attemptId: string, headers = staff) =>
      (await api('GET', `/terminal/attempts/${attemptId}`, headers)).json<{ data: Json }>().data;
    const waitAttempt = (attemptId: string, statuses: string[]) =>
      waitFor(
        async () => {
          const attempt = await attemptOf(attemptId);
          return statuses.includes(String(attempt.status)) ? attempt : undefined;
        },
        20_000,
        `attempt ${statuses.join('/')}`,
      );
    async function deliver(type: string, object: Json): Promise<string> {
      const payload = stripeEvent(type, structuredClone(object));
      await postStripe(server, payload);
      return waitFor(
        async () => {
          const status = await eventStatus(server, eventId(payload));
          return status === 'processed' || status === 'ignored' || status === 'dead' ? status : undefined;
        },
        20_000,
        type,
      );
    }
    const contract = async (id: string) =>
      (await server.db.query<Row>('SELECT * FROM rental_contracts WHERE id = $1', [id])).rows[0];
    const paymentsOfJob = async (jobId: string) =>
      (await server.db.query<Row>('SELECT * FROM payments WHERE job_id = $1 ORDER BY created_at', [jobId])).rows;
    /** Starts a job payment on the reader and waits until the reader shows it. */
    async function startPayment(jobId: string, amountMinor = 150_000) {
      const attemptId = uuidv7();
      const started = await api('POST', '/terminal/payments', staff, {
        attemptId,
        readerId,
        jobId,
        amountMinor,
        kind: 'final',
      });
      expect(started.statusCode).toBe(201);
      const attempt = await waitAttempt(attemptId, ['waiting', 'failed']);
      const fakeReader = readers.get(String([...readers.keys()][0]));
      return { attemptId, attempt, fakeReader: fakeReader ?? {} };
    }

    beforeAll(async () => {
      stripe = stripeFake([], intents);
      readers = addTerminalRoutes(stripe, intents);
      await stripe.start();
      server = await startIntegrationServer(kind, { ...stripeEnv(stripe), INTEGRATIONS_RETRY_DELAY_SECONDS: '1' });
      tenant = await seedTenant(server, 'CH');
      owner = await ownerHeaders(server, tenant);
      const clerk = await seedUser(server, tenant, 'staff');
      const device = await enrolTestDevice(server, { siteId: tenant.siteId });
      const session = await signInOn(server, device, clerk.email);
      staff = { authorization: device.authorization, 'x-user-token': session.accessToken };
    });
    afterAll(async () => {
      await server?.close();
      await stripe?.stop();
    });

    it('registers a reader with its code (owner, under the request’s key); staff may not; a bad code is refused', async () => {
      const requestId = uuidv7();
      const body = {
        requestId,
        siteId: tenant.siteId,
        registrationCode: 'simulated-wpe',
        label: 'Front desk',
        locationId: LOCATION,
      };
      expect((await api('POST', '/terminal/readers', staff, body)).statusCode).toBe(403);
      const registered = await api('POST', '/terminal/readers', owner, body);
      expect(registered.statusCode).toBe(201);
      readerId = registered.json<{ data: { id: string } }>().data.id;
      const [sent] = stripe.requests('POST', '/v1/terminal/readers');
      expect(sent?.headers['idempotency-key']).toBe(`terminal-reader:${requestId}`);
      expect(form(sent?.body ?? '')).toMatchObject({
        registration_code: 'simulated-wpe',
        label: 'Front desk',
        location: LOCATION,
        'metadata[tenant_id]': tenant.tenantId,
      });
      const bad = await api('POST', '/terminal/readers', owner, {
        ...body,
        requestId: uuidv7(),
        registrationCode: BAD_REGISTRATION_CODE,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { message: string } }>().error.message).toContain('The registration code is invalid');
      const wrong = await api('POST', '/terminal/readers', owner, { ...body, locationId: 'somewhere' });
      expect(wrong.statusCode).toBe(400);

      const listed = await api('GET', `/terminal/readers?siteId=${tenant.siteId}`, staff);
      expect(listed.json<{ data: { mode: string; readers: Json[] } }>().data).toMatchObject({
        mode: 'live',
        readers: [{ id: readerId, label: 'Front desk', siteId: tenant.siteId, busy: false }],
      });
    });

    it('takes a job’s payment on the reader: card_present intent and process under the attempt’s keys; the webhook confirms it like an online payment; a replay changes nothing', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const { attemptId, attempt, fakeReader } = await startPayment(jobId);
      expect(attempt).toMatchObject({
        status: 'waiting',
        readerLabel: 'Front desk',
        amountMinor: 150_000,
        currency: 'INR',
      });
      const created = stripe.requests('POST', '/v1/payment_intents').filter((r) => r.body.includes(attemptId));
      expect(created).toHaveLength(1);
      expect(created[0]?.headers['idempotency-key']).toBe(`terminal:${attemptId}:intent`);
      expect(form(created[0]?.body ?? '')).toMatchObject({
        amount: '150000',
        currency: 'inr',
        capture_method: 'automatic',
        'allowed_payment_method_types[0]': 'card_present',
        'metadata[job_id]': jobId,
        'metadata[method]': 'card',
        'metadata[terminal_attempt_id]': attemptId,
      });
      const intentId = String(attempt.intentId);
      const [processed] = stripe.requests('POST', `/v1/terminal/readers/tmr_test_1/process_payment_intent`).slice(-1);
      expect(processed?.headers['idempotency-key']).toBe(`terminal:${attemptId}:process`);
      expect(form(processed?.body ?? '').payment_intent).toBe(intentId);
      // The reader is busy: a second payment on it is refused until this one ends.
      const busy = await api('POST', '/terminal/payments', staff, {
        attemptId: uuidv7(),
        readerId,
        jobId,
        amountMinor: 100,
        kind: 'partial',
      });
      expect(busy.statusCode).toBe(409);

      const intent = intents.get(intentId) ?? {};
      presentCard(fakeReader, intent, null);
      expect(await deliver('payment_intent.succeeded', intent)).toBe('processed');
      expect(await deliver('terminal.reader.action_succeeded', fakeReader)).toBe('processed');
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'succeeded', message: null });
      const [payment] = await paymentsOfJob(jobId);
      expect(payment).toMatchObject({
        status: 'confirmed',
        method: 'card',
        provider: 'stripe',
        provider_ref: intentId,
        amount_minor: 150_000,
        kind: 'final',
        confirmed_by: null,
        id: attempt.paymentId,
      });

      const version = await server.engine.currentVersion();
      const before = await attemptOf(attemptId);
      await deliver('payment_intent.succeeded', intent);
      await deliver('terminal.reader.action_succeeded', fakeReader);
      await deliver('terminal.reader.action_failed', {
        ...fakeReader,
        action: { ...(fakeReader.action as Json), status: 'failed' },
      });
      expect(await server.engine.currentVersion()).toBe(version);
      expect(await attemptOf(attemptId)).toEqual(before);
      expect(await paymentsOfJob(jobId)).toHaveLength(1);
      expect((await api('POST', `/terminal/attempts/${attemptId}/cancel`, staff)).statusCode).toBe(409);
    });

    it('the reader’s success arriving before the intent’s: the attempt waits until the payment is on record', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const { attemptId, attempt, fakeReader } = await startPayment(jobId);
      const intent = intents.get(String(attempt.intentId)) ?? {};
      presentCard(fakeReader, intent, null);
      expect(await deliver('terminal.reader.action_succeeded', fakeReader)).toBe('processed');
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'waiting' });
      expect(await paymentsOfJob(jobId)).toHaveLength(0);
      await deliver('payment_intent.succeeded', intent);
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'succeeded' });
      expect((await paymentsOfJob(jobId))[0]).toMatchObject({ status: 'confirmed', method: 'card' });
    });

    it('refunds a card-present payment with Stripe’s reason; our note stays off Stripe and lands on the refund row', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const { attemptId, attempt, fakeReader } = await startPayment(jobId);
      const intent = intents.get(String(attempt.intentId)) ?? {};
      presentCard(fakeReader, intent, null);
      await deliver('payment_intent.succeeded', intent);
      await waitAttempt(attemptId, ['succeeded']);
      const paymentId = String(attempt.paymentId);
      const refund = (payload: Json) => api('POST', `/payments/${paymentId}/refunds`, owner, payload);
      expect((await refund({ requestId: uuidv7(), reason: 'changed_mind' })).statusCode).toBe(400);
      expect((await refund({ requestId: uuidv7(), reason: 'duplicate', note: '' })).statusCode).toBe(400);
      const requestId = uuidv7();
      const asked = await refund({
        requestId,
        amountMinor: 50_000,
        reason: 'duplicate',
        note: 'charged twice at the desk',
      });
      expect(asked.statusCode).toBe(201);
      const sent = await waitFor(
        async () => stripe.requests('POST', '/v1/refunds').find((r) => r.body.includes(requestId)),
        20_000,
        'the refund call',
      );
      expect(sent.headers['idempotency-key']).toBe(`refund:${paymentId}:${requestId}`);
      const fields = form(sent.body);
      expect(fields).toMatchObject({ reason: 'duplicate', amount: '50000', 'metadata[request_id]': requestId });
      expect(sent.body).not.toContain('charged');
      const refundObject = {
        id: `re_${requestId.replace(/-/g, '').slice(-16)}`,
        object: 'refund',
        amount: 50_000,
        currency: 'inr',
        payment_intent: attempt.intentId,
        status: 'succeeded',
        reason: 'duplicate',
        metadata: { tenant_id: tenant.tenantId, payment_id: paymentId, request_id: requestId },
      };
      expect(await deliver('refund.created', refundObject)).toBe('processed');
      const rows = await paymentsOfJob(jobId);
      expect(rows.find((row) => row.kind === 'refund')).toMatchObject({
        status: 'confirmed',
        amount_minor: 50_000,
        refund_of_id: paymentId,
        note: 'Duplicate payment: charged twice at the desk',
      });
      expect(rows.find((row) => row.id === paymentId)).toMatchObject({ refunded_minor: 50_000 });
    });

    it('a declined card fails the attempt with Stripe’s message and records no payment', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const { attemptId, attempt, fakeReader } = await startPayment(jobId);
      const intent = intents.get(String(attempt.intentId)) ?? {};
      presentCard(fakeReader, intent, '4000000000000002');
      expect(await deliver('payment_intent.payment_failed', intent)).toBe('processed');
      expect(await deliver('terminal.reader.action_failed', fakeReader)).toBe('processed');
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'failed', message: 'Your card was declined.' });
      expect(await paymentsOfJob(jobId)).toHaveLength(0);
      // The reader is free again for the next card.
      const next = await startPayment(jobId);
      expect(next.attempt.status).toBe('waiting');
      await api('POST', `/terminal/attempts/${next.attemptId}/cancel`, staff);
      await waitFor(async () => intents.get(String(next.attempt.intentId))?.status === 'canceled', 20_000, 'cancel');
    });

    it('cancel stops the reader and the intent under the cancel key; the attempt says cancelled; a late cancel event changes nothing', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const { attemptId, attempt, fakeReader } = await startPayment(jobId);
      const cancel = await api('POST', `/terminal/attempts/${attemptId}/cancel`, staff);
      expect(cancel.statusCode).toBe(201);
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'canceled', message: 'cancelled at the counter' });
      const again = await api('POST', `/terminal/attempts/${attemptId}/cancel`, staff);
      expect(again.json<{ data: { callId: string } }>().data.callId).toBe(
        cancel.json<{ data: { callId: string } }>().data.callId,
      );
      const intentId = String(attempt.intentId);
      await waitFor(async () => intents.get(intentId)?.status === 'canceled', 20_000, 'intent cancelled');
      const [stopped] = stripe.requests('POST', '/v1/terminal/readers/tmr_test_1/cancel_action').slice(-1);
      expect(stopped?.headers['idempotency-key']).toBe(`terminal-cancel:${attemptId}:action`);
      const [voided] = stripe.requests('POST', `/v1/payment_intents/${intentId}/cancel`);
      expect(voided?.headers['idempotency-key']).toBe(`terminal-cancel:${attemptId}:intent`);
      expect(fakeReader.action).toBeNull();
      expect(await deliver('payment_intent.canceled', intents.get(intentId) ?? {})).toBe('processed');
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'canceled' });
      expect(await paymentsOfJob(jobId)).toHaveLength(0);
    });

    it('holds a contract’s deposit on the reader (manual capture), card-present expiry, then a partial capture through the deposit steps', async () => {
      const contractId = await seedContract(server, tenant);
      const attemptId = uuidv7();
      const started = await api('POST', '/terminal/deposits', staff, { attemptId, readerId, contractId });
      expect(started.statusCode).toBe(201);
      const attempt = await waitAttempt(attemptId, ['waiting', 'failed']);
      expect(attempt).toMatchObject({
        status: 'waiting',
        purpose: 'rental-deposit',
        amountMinor: 50_000,
        currency: 'CHF',
      });
      const intentId = String(attempt.intentId);
      const [created] = stripe.requests('POST', '/v1/payment_intents').filter((r) => r.body.includes(attemptId));
      expect(form(created?.body ?? '')).toMatchObject({
        capture_method: 'manual',
        'allowed_payment_method_types[0]': 'card_present',
        'metadata[purpose]': 'rental-deposit',
        'metadata[contract_id]': contractId,
        'metadata[request_id]': attemptId,
      });
      expect(await contract(contractId)).toMatchObject({ deposit_hold_status: 'pending', deposit_hold_ref: intentId });

      const fakeReader = readers.get('tmr_test_1') ?? {};
      const intent = intents.get(intentId) ?? {};
      presentCard(fakeReader, intent, null);
      // The webhook's intent carries no expanded charge: a card-present hold lapses 2 days after creation.
      expect(await deliver('payment_intent.amount_capturable_updated', { ...intent, latest_charge: 'ch_x' })).toBe(
        'processed',
      );
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'authorized',
        deposit_hold_minor: 50_000,
        deposit_hold_expires_at: new Date((1_772_355_600 + 2 * 86_400) * 1000).toISOString(),
      });
      expect(await attemptOf(attemptId)).toMatchObject({ status: 'succeeded' });
      await deliver('terminal.reader.action_succeeded', fakeReader);

      const capture = await api('POST', `/deposits/${contractId}/capture`, owner, {
        requestId: uuidv7(),
        amountMinor: 20_000,
      });
      expect(capture.statusCode).toBe(201);
      await waitFor(
        async () => (await contract(contractId))?.deposit_hold_status === 'captured',
        20_000,
        'deposit captured',
      );
      expect(await contract(contractId)).toMatchObject({ deposit_captured_minor: 20_000 });
      expect(form(stripe.requests('POST', `/v1/payment_intents/${intentId}/capture`)[0]?.body ?? '')).toMatchObject({
        amount_to_capture: '20000',
      });
    });

    it('a declined deposit card fails the hold; a new hold on the reader may follow', async () => {
      const contractId = await seedContract(server, tenant);
      const attemptId = uuidv7();
      await api('POST', '/terminal/deposits', staff, { attemptId, readerId, contractId });
      const attempt = await waitAttempt(attemptId, ['waiting', 'failed']);
      const fakeReader = readers.get('tmr_test_1') ?? {};
      presentCard(fakeReader, intents.get(String(attempt.intentId)) ?? {}, '4000000000000002');
      expect(await deliver('terminal.reader.action_failed', fakeReader)).toBe('processed');
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'failed',
        deposit_hold_reason: 'card declined: Your card was declined.',
      });
      const retry = await api('POST', '/terminal/deposits', staff, { attemptId: uuidv7(), readerId, contractId });
      expect(retry.statusCode).toBe(201);
      const second = await waitAttempt(retry.json<{ data: { attemptId: string } }>().data.attemptId, ['waiting']);
      await api('POST', `/terminal/attempts/${String(second.id)}/cancel`, staff);
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'failed',
        deposit_hold_reason: 'cancelled at the counter',
      });
    });

    it('an offline reader fails the attempt with a plain reason', async () => {
      const reader = readers.get('tmr_test_1') ?? {};
      reader.status = 'offline';
      try {
        const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
        const { attempt } = await startPayment(jobId);
        expect(attempt).toMatchObject({ status: 'failed', message: 'the reader is offline' });
      } finally {
        reader.status = 'online';
      }
    });

    it('roles and tenants: a viewer cannot start; staff of another site and other tenants never see the reader', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const viewer = await seedUser(server, tenant, 'viewer');
      const device = await enrolTestDevice(server, { siteId: tenant.siteId });
      const viewerHeaders = {
        authorization: device.authorization,
        'x-user-token': (await signInOn(server, device, viewer.email)).accessToken,
      };
      const body = { attemptId: uuidv7(), readerId, jobId, amountMinor: 1000, kind: 'partial' };
      expect((await api('POST', '/terminal/payments', viewerHeaders, body)).statusCode).toBe(403);

      const elsewhere = await seedUser(server, tenant, 'staff', tenant.otherSiteId);
      const otherDevice = await enrolTestDevice(server, { siteId: tenant.otherSiteId });
      const otherStaff = {
        authorization: otherDevice.authorization,
        'x-user-token': (await signInOn(server, otherDevice, elsewhere.email)).accessToken,
      };
      const listed = await api('GET', '/terminal/readers', otherStaff);
      expect(listed.json<{ data: { readers: Json[] } }>().data.readers).toEqual([]);
      expect((await api('POST', '/terminal/payments', otherStaff, body)).statusCode).toBe(403);

      const stranger = await seedTenant(server, 'CH');
      const strangerOwner = await ownerHeaders(server, stranger);
      const theirs = await api('GET', '/terminal/readers', strangerOwner);
      expect(theirs.json<{ data: { readers: Json[] } }>().data.readers).toEqual([]);
      const theirJob = await seedJob(server, stranger.tenantId, stranger.siteId);
      const foreign = await api('POST', '/terminal/payments', strangerOwner, { ...body, jobId: theirJob });
      expect(foreign.statusCode).toBe(404);
      const [mine] = (
        await server.db.query<{ id: string }>('SELECT id FROM terminal_attempts WHERE tenant_id = $1 LIMIT 1', [
          tenant.tenantId,
        ])
      ).rows;
      expect((await api('GET', `/terminal/attempts/${mine?.id}`, strangerOwner)).statusCode).toBe(404);
      expect((await api('POST', `/terminal/attempts/${mine?.id}/cancel`, strangerOwner)).statusCode).toBe(404);
      expect(
        await server.db.query('SELECT 1 FROM terminal_attempts WHERE tenant_id = $1', [stranger.tenantId]),
      ).toMatchObject({
        rows: [],
      });
    });
  });
}
