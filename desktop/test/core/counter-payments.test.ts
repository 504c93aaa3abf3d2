import { createHmac } from 'node:crypto';
import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ForecourtApp } from '../../../sync-server/src/app.ts';
import { form, type HttpFake } from '../../../sync-server/test/integrations/fakes/http-fake.ts';
import {
  authorizeIntent,
  stripeEnv,
  stripeFake,
  type FakeIntents,
} from '../../../sync-server/test/integrations/fakes/stripe-fake.ts';
import { SECRETS, stubIntegrationEnv } from '../../../sync-server/test/integrations/support.ts';

import { createCounterPaymentHandlers } from '../../src/core/host/counter-payments.ts';
import { startPaymentsServer, type PaymentsServer } from './support/payments-server.ts';

const PASSWORD = 'counter payments 1';

/**
 * The counter core's pay-by-link, refund and deposit-hold handlers against the real server app on
 * PGlite, with Stripe faked at its HTTP boundary: what reaches Stripe, under which keys, what the
 * server refuses (and the counter passes on), and what the counter holds after.
 */
describe('online payments from the counter core', () => {
  let server: PaymentsServer;
  let app: ForecourtApp;
  let stripe: HttpFake;
  const intents: FakeIntents = new Map();
  let siteId: string;
  let tenantId: string;
  const signedInCounter = (email: string) => server.signedInCounter(email);

  async function postStripe(type: string, object: Record<string, unknown>) {
    const body = JSON.stringify({
      id: `evt_${uuidv7()}`,
      object: 'event',
      type,
      created: 1_772_355_600,
      data: { object },
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', SECRETS.stripe[0]).update(`${t}.${body}`).digest('hex');
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
      payload: body,
    });
    expect(answer.statusCode).toBe(200);
  }

  const until = <T>(check: () => Promise<T | undefined>) =>
    vi.waitFor(
      async () => {
        const value = await check();
        if (value === undefined) throw new Error('not yet');
        return value;
      },
      { timeout: 20_000, interval: 100 },
    );

  beforeAll(async () => {
    stripe = stripeFake([], intents);
    await stripe.start();
    stubIntegrationEnv(stripeEnv(stripe));
    server = await startPaymentsServer({
      tenantName: 'Pay Garage',
      domain: 'pay.test',
      password: PASSWORD,
      users: [{ name: 'staff', role: 'staff' }],
    });
    ({ app, siteId, tenantId } = server);
  });

  afterAll(async () => {
    await server?.close();
    await stripe?.stop();
  });

  it('asks once for a link, refunds once per request with the reason on the job, and passes refusals on', async () => {
    const { counter, pay } = await signedInCounter('owner@pay.test');
    const { customerId } = counter.mutate('customer.create', { name: 'Asha Rao', phone: '+919812345678' });
    const { jobId } = counter.mutate('job.create', { customerId, concern: 'brakes' });
    const paymentId = uuidv7();
    const link = { paymentId, jobId: String(jobId), amountMinor: 150_000, kind: 'final' as const, phone: null };
    // The job exists only on this PC until the handler pushes it.
    expect(await pay['payments:requestLink'](link)).toEqual({ paymentId });
    expect(await pay['payments:requestLink'](link)).toEqual({ paymentId });
    expect(counter.get('payments', paymentId)).toMatchObject({ status: 'unconfirmed', provider: 'stripe' });
    const sessions = await until(async () => {
      const sent = stripe.requests('POST', '/v1/checkout/sessions');
      return sent.length > 0 ? sent : undefined;
    });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.headers['idempotency-key']).toBe(`checkout:${paymentId}`);

    const intentId = 'pi_test_counter_1';
    await postStripe('checkout.session.completed', {
      id: 'cs_test_counter_1',
      object: 'checkout.session',
      payment_intent: intentId,
      payment_status: 'paid',
      amount_total: 150_000,
      currency: 'inr',
      metadata: { tenant_id: tenantId, site_id: siteId, job_id: String(jobId), payment_id: paymentId },
    });
    await until(async () => {
      await counter.syncNow();
      return counter.get('payments', paymentId)?.status === 'confirmed' ? true : undefined;
    });

    const staff = await signedInCounter('staff@pay.test');
    const refused = staff.pay['payments:refund']({ paymentId, requestId: uuidv7(), amountMinor: 10_000, reason: 'x' });
    await expect(refused).rejects.toMatchObject({ code: 'forbidden', message: 'only an owner or a manager refunds' });

    const refund = { paymentId, requestId: uuidv7(), amountMinor: 50_000, reason: 'Pads not replaced' };
    const first = await pay['payments:refund'](refund);
    expect(await pay['payments:refund'](refund)).toEqual(first);
    const refunds = await until(async () => {
      const sent = stripe.requests('POST', '/v1/refunds');
      return sent.length > 0 ? sent : undefined;
    });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.headers['idempotency-key']).toBe(`refund:${paymentId}:${refund.requestId}`);
    expect(form(refunds[0]?.body ?? '')).toMatchObject({ payment_intent: intentId, amount: '50000' });
    const notes = counter.query('job_updates', { where: { job_id: String(jobId) } }).map((row) => String(row.body));
    expect(notes.some((body) => body.includes('Pads not replaced') && body.includes('500.00 INR'))).toBe(true);
    await expect(
      pay['payments:refund']({ paymentId, requestId: uuidv7(), amountMinor: 200_000, reason: 'too much' }),
    ).rejects.toMatchObject({ code: 'invalid', message: 'at most 150000 can still be refunded' });
  });

  it('holds a contract’s deposit, refuses a capture by staff, and releases the hold', async () => {
    const { counter, pay } = await signedInCounter('owner@pay.test');
    const { classId } = counter.mutate('rental.classCreate', {
      code: 'COMPACT',
      name: 'Compact',
      dailyMinor: 250_000,
      includedKmPerDay: 200,
      extraKmMinor: 1_000,
      depositMinor: 500_000,
      minAge: 21,
      minLicenceYears: 1,
    });
    const { vehicleId } = counter.mutate('rental.vehicleCreate', {
      classId,
      plate: 'KA01AB1234',
      make: 'Maruti',
      model: 'Swift',
      fuelType: 'petrol',
      odometerKm: 5_000,
    });
    const { customerId } = counter.mutate('rental.customerCreate', {
      name: 'Priya Nair',
      birthDate: '1992-03-04',
      licenceNumber: 'KA0120100012345',
      licenceIssued: '2012-01-10',
      phone: '+919845012345',
    });
    const { contractId } = counter.mutate('rental.contractOpen', {
      customerId,
      vehicleId,
      dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      kmOut: 5_000,
      fuelOut: 8,
      damagesOut: [],
      deductibleMinor: 1_000_000,
      termsVersion: '2026-01',
    });
    const id = String(contractId);
    const hold = { contractId: id, requestId: uuidv7() };
    const placed = await pay['deposits:hold'](hold);
    expect(await pay['deposits:hold'](hold)).toEqual(placed);
    const intentId = await until(async () => {
      await counter.syncNow();
      const ref = counter.get('rental_contracts', id)?.deposit_hold_ref;
      return typeof ref === 'string' && ref.startsWith('pi_') ? ref : undefined;
    });
    const created = stripe.requests('POST', '/v1/payment_intents').filter((sent) => sent.body.includes(id));
    expect(created).toHaveLength(1);
    expect(created[0]?.headers['idempotency-key']).toBe(`deposit-hold:${id}:${hold.requestId}`);
    expect(form(created[0]?.body ?? '')).toMatchObject({ amount: '500000', capture_method: 'manual' });

    await postStripe('payment_intent.amount_capturable_updated', authorizeIntent(intents, intentId));
    await until(async () => {
      await counter.syncNow();
      return counter.get('rental_contracts', id)?.deposit_hold_status === 'authorized' ? true : undefined;
    });
    const staff = await signedInCounter('staff@pay.test');
    await expect(
      staff.pay['deposits:capture']({ contractId: id, requestId: uuidv7(), amountMinor: 100_000 }),
    ).rejects.toMatchObject({ code: 'forbidden', message: 'only an owner or a manager captures a deposit' });

    await staff.pay['deposits:release']({ contractId: id, requestId: uuidv7() });
    await until(async () => {
      await counter.syncNow();
      return counter.get('rental_contracts', id)?.deposit_hold_status === 'released' ? true : undefined;
    });
    expect(stripe.requests('POST', `/v1/payment_intents/${intentId}/cancel`)).toHaveLength(1);
  });

  it('says the server cannot be reached when it cannot', async () => {
    const { counter, secrets } = await signedInCounter('owner@pay.test');
    const offline = createCounterPaymentHandlers({
      counter,
      secrets,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      clock: Date.now,
    });
    await expect(offline['deposits:hold']({ contractId: uuidv7(), requestId: uuidv7() })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
