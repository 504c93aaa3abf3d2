import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubIntegrationEnv } from '../../../sync-server/test/integrations/support.ts';
import type { CounterPaymentHandlers } from '../../src/core/host/counter-payments.ts';

import { startPaymentsServer, type PaymentsServer } from './support/payments-server.ts';

const PASSWORD = 'counter terminal 1';

/**
 * The counter core's card-on-reader handlers against the real server app on PGlite in sandbox
 * mode (no Stripe key: the site's simulated reader presents a card after 300 ms, declines the
 * test amounts ending in 05): the reader list, one attempt per id, the settled attempt pulling
 * the confirmed card payment onto this PC, a decline, a cancel, and a viewer refused.
 */
describe('card on reader from the counter core (sandbox)', () => {
  let server: PaymentsServer;
  let siteId: string;
  const signedInCounter = (email: string) => server.signedInCounter(email);

  const settled = (pay: CounterPaymentHandlers, attemptId: string) =>
    vi.waitFor(
      async () => {
        const attempt = await pay['terminal:attempt']({ attemptId });
        if (attempt.status === 'requested' || attempt.status === 'waiting') throw new Error('not yet');
        return attempt;
      },
      { timeout: 20_000, interval: 200 },
    );

  beforeAll(async () => {
    stubIntegrationEnv({ STRIPE_SANDBOX_CARD_DELAY_MS: '300' });
    server = await startPaymentsServer({
      tenantName: 'Reader Garage',
      domain: 'reader.test',
      password: PASSWORD,
      users: [
        { name: 'staff', role: 'staff' },
        { name: 'viewer', role: 'viewer' },
      ],
    });
    ({ siteId } = server);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('takes a job’s payment on the simulated reader; the confirmed card payment reaches this PC', async () => {
    const { counter, pay } = await signedInCounter('staff@reader.test');
    const { customerId } = counter.mutate('customer.create', { name: 'Asha Rao', phone: '+919812345678' });
    const { jobId } = counter.mutate('job.create', { customerId, concern: 'brakes' });
    const { mode, readers } = await pay['terminal:readers']({ siteId });
    expect(mode).toBe('sandbox');
    expect(readers).toEqual([{ id: expect.any(String), label: 'Simulated reader, Bengaluru', siteId, busy: false }]);
    const readerId = readers[0]?.id ?? '';

    const attemptId = uuidv7();
    const start = { attemptId, readerId, jobId: String(jobId), amountMinor: 45_000, kind: 'advance' as const };
    expect(await pay['terminal:startPayment'](start)).toEqual({ attemptId });
    expect(await pay['terminal:startPayment'](start)).toEqual({ attemptId });
    const done = await settled(pay, attemptId);
    expect(done).toMatchObject({ status: 'succeeded', amountMinor: 45_000, currency: 'INR', message: null });
    const payment = counter.get('payments', String(done.paymentId));
    expect(payment).toMatchObject({ job_id: jobId, status: 'confirmed', method: 'card', amount_minor: 45_000 });

    const declined = uuidv7();
    await pay['terminal:startPayment']({ ...start, attemptId: declined, amountMinor: 10_005 });
    expect(await settled(pay, declined)).toMatchObject({ status: 'failed', message: 'The card was declined.' });

    const cancelled = uuidv7();
    await pay['terminal:startPayment']({ ...start, attemptId: cancelled });
    await pay['terminal:cancel']({ attemptId: cancelled });
    expect(await settled(pay, cancelled)).toMatchObject({ status: 'canceled' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await pay['terminal:attempt']({ attemptId: cancelled })).toMatchObject({ status: 'canceled' });
    expect(counter.query('payments', { where: { job_id: String(jobId) } })).toHaveLength(1);
  });

  it('passes the server’s refusal on: a viewer takes no card payment', async () => {
    const { pay } = await signedInCounter('viewer@reader.test');
    await expect(pay['terminal:readers']({ siteId })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
