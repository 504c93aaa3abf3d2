import { uuidv7, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { form, type HttpFake } from './fakes/http-fake.ts';
import { authorizeIntent, stripeEnv, stripeFake, type FakeIntents } from './fakes/stripe-fake.ts';
import { eventId, eventStatus, postStripe, seedContract, stripeEvent } from './stripe-fixtures.ts';
import { ownerHeaders, startIntegrationServer, waitFor } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Stripe deposit holds on rental contracts (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let headers: Record<string, string>;
    let stripe: HttpFake;
    const intents: FakeIntents = new Map();
    const contract = async (id: string) =>
      (await server.db.query<Row>('SELECT * FROM rental_contracts WHERE id = $1', [id])).rows[0];
    const step = (contractId: string, action: string, payload: Record<string, unknown>) =>
      server.app.inject({
        method: 'POST',
        url: `/api/v1/integrations/deposits/${contractId}/${action}`,
        headers,
        payload,
      });
    const callDone = (callId: string) =>
      waitFor(
        async () => {
          const found = await server.db.query<{ status: string }>('SELECT status FROM outbound_calls WHERE id = $1', [
            callId,
          ]);
          const status = found.rows[0]?.status;
          return status === 'done' || status === 'failed' || status === 'dead' ? status : undefined;
        },
        20_000,
        `call ${callId}`,
      );
    async function deliver(type: string, object: Record<string, unknown>): Promise<string> {
      const payload = stripeEvent(type, { ...object });
      await postStripe(server, payload);
      const status = await waitFor(
        async () => {
          const current = await eventStatus(server, eventId(payload));
          return current === 'processed' || current === 'ignored' || current === 'dead' ? current : undefined;
        },
        20_000,
        type,
      );
      return status;
    }
    /** Places a hold, waits for Stripe's answer, and authorizes the card by webhook. */
    async function heldContract(): Promise<{ contractId: string; intentId: string }> {
      const contractId = await seedContract(server, tenant);
      const hold = await step(contractId, 'hold', { requestId: uuidv7() });
      await callDone(hold.json<{ data: { callId: string } }>().data.callId);
      const intentId = String((await contract(contractId))?.deposit_hold_ref);
      expect(await deliver('payment_intent.amount_capturable_updated', authorizeIntent(intents, intentId))).toBe(
        'processed',
      );
      return { contractId, intentId };
    }

    beforeAll(async () => {
      stripe = stripeFake([], intents);
      await stripe.start();
      server = await startIntegrationServer(kind, { ...stripeEnv(stripe), INTEGRATIONS_RETRY_DELAY_SECONDS: '1' });
      tenant = await seedTenant(server, 'CH');
      headers = await ownerHeaders(server, tenant);
    });
    afterAll(async () => {
      await server?.close();
      await stripe?.stop();
    });

    it('holds the deposit with a manual-capture PaymentIntent under the request’s key; a repeat is the same call', async () => {
      const contractId = await seedContract(server, tenant);
      const requestId = uuidv7();
      const first = await step(contractId, 'hold', { requestId });
      expect(first.statusCode).toBe(201);
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'requested',
        deposit_hold_ref: `request:${requestId}`,
      });
      const again = await step(contractId, 'hold', { requestId });
      const callId = first.json<{ data: { callId: string } }>().data.callId;
      expect(again.json<{ data: { callId: string } }>().data.callId).toBe(callId);
      expect(await callDone(callId)).toBe('done');

      const created = stripe.requests('POST', '/v1/payment_intents').filter((r) => r.body.includes(contractId));
      expect(created).toHaveLength(1);
      expect(created[0]?.headers['idempotency-key']).toBe(`deposit-hold:${contractId}:${requestId}`);
      expect(form(created[0]?.body ?? '')).toMatchObject({
        amount: '50000',
        currency: 'chf',
        capture_method: 'manual',
        'metadata[contract_id]': contractId,
        'metadata[purpose]': 'rental-deposit',
        'metadata[request_id]': requestId,
      });
      const row = await contract(contractId);
      expect(row).toMatchObject({ deposit_hold_status: 'pending', deposit_hold_minor: 50_000 });
      expect(String(row?.deposit_hold_ref)).toMatch(/^pi_test_/);
      // No capture_before yet: the 7 days of a card hold count from the intent's creation.
      expect(row?.deposit_hold_expires_at).toBe(new Date((1_772_355_600 + 7 * 86_400) * 1000).toISOString());
      const logged = await server.db.query('SELECT 1 FROM change_log WHERE table_name = $1 AND row_id = $2', [
        'rental_contracts',
        contractId,
      ]);
      expect(logged.rows.length).toBeGreaterThanOrEqual(2);
    });

    it('authorizes by webhook with Stripe’s capture_before; a replay and a late failure change nothing', async () => {
      const { contractId, intentId } = await heldContract();
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'authorized',
        deposit_hold_minor: 50_000,
        deposit_hold_expires_at: new Date(1_772_960_400 * 1000).toISOString(),
      });
      const version = await server.engine.currentVersion();
      await deliver('payment_intent.amount_capturable_updated', intents.get(intentId) ?? {});
      const failed = { ...intents.get(intentId), last_payment_error: { message: 'card declined' } };
      await deliver('payment_intent.payment_failed', failed);
      expect(await server.engine.currentVersion()).toBe(version);
      expect((await contract(contractId))?.deposit_hold_status).toBe('authorized');
    });

    it('captures part of the hold under its key; later events and a second capture change nothing', async () => {
      const { contractId, intentId } = await heldContract();
      const requestId = uuidv7();
      const capture = await step(contractId, 'capture', { requestId, amountMinor: 20_000 });
      expect(capture.statusCode).toBe(201);
      expect(await callDone(capture.json<{ data: { callId: string } }>().data.callId)).toBe('done');
      const [sent] = stripe.requests('POST', `/v1/payment_intents/${intentId}/capture`);
      expect(sent?.headers['idempotency-key']).toBe(`deposit-capture:${contractId}:${requestId}`);
      expect(form(sent?.body ?? '').amount_to_capture).toBe('20000');
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'captured',
        deposit_captured_minor: 20_000,
      });

      const version = await server.engine.currentVersion();
      await deliver('payment_intent.succeeded', intents.get(intentId) ?? {});
      await deliver('payment_intent.canceled', { ...intents.get(intentId), status: 'canceled' });
      expect(await server.engine.currentVersion()).toBe(version);
      const twice = await step(contractId, 'capture', { requestId: uuidv7() });
      expect(twice.statusCode).toBe(409);
    });

    it('releases a hold; a new hold then ignores the released intent’s late events', async () => {
      const { contractId, intentId } = await heldContract();
      const release = await step(contractId, 'release', { requestId: uuidv7() });
      expect(await callDone(release.json<{ data: { callId: string } }>().data.callId)).toBe('done');
      expect(stripe.requests('POST', `/v1/payment_intents/${intentId}/cancel`)).toHaveLength(1);
      expect(await contract(contractId)).toMatchObject({ deposit_hold_status: 'released' });
      expect(await deliver('payment_intent.canceled', intents.get(intentId) ?? {})).toBe('processed');

      const again = await step(contractId, 'hold', { requestId: uuidv7() });
      expect(again.statusCode).toBe(201);
      await callDone(again.json<{ data: { callId: string } }>().data.callId);
      const renewed = await contract(contractId);
      expect(renewed).toMatchObject({ deposit_hold_status: 'pending' });
      expect(renewed?.deposit_hold_ref).not.toBe(intentId);
      await deliver('payment_intent.amount_capturable_updated', {
        ...intents.get(intentId),
        status: 'requires_capture',
      });
      expect(await contract(contractId)).toMatchObject({
        deposit_hold_status: 'pending',
        deposit_hold_ref: renewed?.deposit_hold_ref,
      });
    });

    it('refuses a hold on a contract of another tenant, and a capture of a hold not yet authorized', async () => {
      const other = await seedTenant(server, 'CH');
      const foreign = await seedContract(server, other);
      expect((await step(foreign, 'hold', { requestId: uuidv7() })).statusCode).toBe(404);
      const contractId = await seedContract(server, tenant);
      const early = await step(contractId, 'capture', { requestId: uuidv7() });
      expect(early.statusCode).toBe(409);
      expect(await server.db.query('SELECT 1 FROM outbound_calls WHERE entity_key = $1', [contractId])).toMatchObject({
        rows: [],
      });
    });
  });
}
