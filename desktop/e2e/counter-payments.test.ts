import { createHmac } from 'node:crypto';
import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { CounterCore } from '../src/core/counter.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { contractOnRentalCounter } from './support/rental-seed.ts';
import { search, signIn } from './support/ui.ts';

const WEBHOOK_SECRET = 'whsec_e2e_counter_payments';
// The integrations hub reads its configuration from the environment, like in production.
vi.stubEnv('STRIPE_WEBHOOK_SECRET', WEBHOOK_SECRET);
vi.stubEnv('INTEGRATIONS_POLL_SECONDS', '0.5');
vi.stubEnv('INTEGRATIONS_RETRY_DELAY_SECONDS', '1');

/**
 * Online money at the counter, through the real server and its Stripe sandbox: the owner sends a
 * pay-by-link for a job's balance, Stripe's webhook confirms it, the owner refunds part of it
 * and the refund shows on the job once Stripe reports it; offline the buttons say they need the
 * internet. A rental manager holds a contract's deposit on the card and releases it.
 */
describe('pay by link, refunds and deposit holds at the counter', () => {
  const harness = new Harness('counter-payments');
  let counter: BrowserMode;
  let office: CounterCore;

  beforeAll(async () => {
    await harness.start({ jobs: 3 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
    office = await harness.headlessCounter('office', harness.demo.sites.main, harness.demo.users.owner.email);
  });
  afterAll(() => harness.close());

  /** Signs and posts a Stripe event the way Stripe does (`t=…,v1=HMAC(t.body)`). */
  async function postStripe(type: string, object: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({
      id: `evt_e2e${uuidv7().replace(/-/g, '').slice(-18)}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex');
    const response = await fetch(`${harness.serverUrl}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
      body,
    });
    expect(response.status).toBe(200);
  }

  /** A demo job with one labour line (₹1,062.00 with GST), opened on the counter by its number. */
  async function openJobWithBalance(page: Page): Promise<{ jobId: string; number: string }> {
    const job = office.query('jobs', { where: { site_id: harness.demo.sites.main } })[0];
    if (!job) throw new Error('the demo has no job');
    office.mutate('jobLine.add', {
      jobId: job.id,
      kind: 'labour',
      description: 'Brake service',
      quantityMilli: 1500,
      unitPriceMinor: 60_000,
    });
    await office.syncNow();
    const number = String(job.number);
    await search(page, number);
    await page.locator('#search-results [role=option]', { hasText: number }).first().click();
    await page.locator('.job-screen h1', { hasText: number }).waitFor();
    return { jobId: job.id, number };
  }

  it('sends a payment link, and refunds part of the Stripe-confirmed payment with a reason', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    const { jobId } = await openJobWithBalance(page);
    await expect.poll(() => page.getByTestId('balance-due').textContent(), { timeout: 15_000 }).toContain('1,062.00');

    await page.getByRole('button', { name: 'Pay by link' }).click();
    const linkForm = page.getByRole('form', { name: 'Pay by link' });
    expect(await linkForm.getByLabel('Amount (INR)').inputValue()).toBe('1062');
    // The customer's phone fills in once the customer row has loaded, a moment after the form.
    await expect.poll(() => linkForm.getByLabel('Send by SMS to').inputValue()).toMatch(/^\+919\d{9}$/);
    await harness.shot(page, '01-pay-by-link-form');
    await linkForm.getByRole('button', { name: 'Send payment link' }).click();
    const links = page.getByTestId('payment-links');
    await expect
      .poll(() => links.textContent(), { timeout: 20_000 })
      .toMatch(/https:\/\/checkout\.sandbox\.invalid\/cs_sandbox_\w+.*SMS (queued|accepted|being sent|sent|delivered)/);
    await harness.shot(page, '02-link-sent');

    // The customer pays: Stripe's webhook confirms the payment, which reaches the counter by sync.
    const server = harness.requireServer();
    const payment = (
      await server.db.query<{ id: string; recorded_by: string }>(
        "SELECT id, recorded_by FROM payments WHERE job_id = $1 AND method = 'online'",
        [jobId],
      )
    ).rows[0];
    if (!payment) throw new Error('the link payment did not reach the server');
    const intentId = `pi_e2e${uuidv7().replace(/-/g, '').slice(-18)}`;
    await postStripe('checkout.session.completed', {
      id: `cs_e2e${uuidv7().replace(/-/g, '').slice(-18)}`,
      object: 'checkout.session',
      payment_intent: intentId,
      payment_status: 'paid',
      amount_total: 106_200,
      currency: 'inr',
      metadata: {
        tenant_id: harness.demo.tenantId,
        site_id: harness.demo.sites.main,
        job_id: jobId,
        payment_id: payment.id,
        recorded_by: payment.recorded_by,
      },
    });
    const table = page.getByTestId('payment-table');
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain('Confirmed');
    expect(await page.getByTestId('balance-due').textContent()).toContain('₹0.00');

    await table.getByRole('button', { name: 'Refund…' }).click();
    const refundForm = page.getByRole('form', { name: 'Refund' });
    await refundForm.getByLabel('Refund amount (INR)').fill('300');
    await refundForm.getByLabel('Reason').fill('Brake pads were not replaced');
    await harness.shot(page, '03-refund-form');
    // A double click is one refund: the request id was made when the form opened.
    await refundForm.getByRole('button', { name: 'Refund' }).dblclick();
    await refundForm.waitFor({ state: 'detached' });
    const calls = await server.db.query<{ idempotency_key: string; request: { amountMinor: number } }>(
      "SELECT idempotency_key, request FROM outbound_calls WHERE operation = 'stripe.refund' AND entity_key = $1",
      [intentId],
    );
    expect(calls.rows).toHaveLength(1);
    expect(calls.rows[0]?.idempotency_key).toMatch(new RegExp(`^refund:${payment.id}:[0-9a-f-]{36}$`));
    expect(calls.rows[0]?.request.amountMinor).toBe(30_000);

    // Stripe reports the refund; it shows on the job after sync, with the balance owed again.
    await postStripe('refund.updated', {
      id: `re_e2e${uuidv7().replace(/-/g, '').slice(-18)}`,
      object: 'refund',
      amount: 30_000,
      currency: 'inr',
      payment_intent: intentId,
      status: 'succeeded',
      metadata: { tenant_id: harness.demo.tenantId, payment_id: payment.id },
    });
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain('refunded ₹300.00');
    expect(await table.textContent()).toContain('Refund · Online');
    expect(await page.getByTestId('balance-due').textContent()).toContain('₹300.00');
    await expect
      .poll(async () => {
        await office.syncNow();
        return office.query('job_updates', { where: { job_id: jobId } }).map((row) => String(row.body));
      })
      .toContainEqual(expect.stringContaining('Brake pads were not replaced'));
    await harness.shot(page, '04-refunded');

    // Offline: the buttons stay, disabled, and say why.
    await harness.stopServer();
    await expect
      .poll(() => page.getByRole('button', { name: 'Pay by link' }).isDisabled(), { timeout: 20_000 })
      .toBe(true);
    await page.getByText('Pay by link and refunds: Needs the internet').waitFor();
    await harness.shot(page, '05-offline');
    await harness.startServer();
    await page.close();
  });

  it('holds a rental deposit on the card and releases it', async () => {
    const { page } = await contractOnRentalCounter(harness);
    const hold = page.getByTestId('deposit-hold');
    const holdState = async () => {
      const tag = hold.getByTestId('deposit-hold-state').locator('.money-tag');
      return (await tag.count()) ? tag.textContent() : hold.getByTestId('deposit-hold-state').textContent();
    };
    await expect.poll(() => holdState()).toBe('Not held');

    await hold.getByRole('button', { name: 'Hold deposit' }).click();
    await expect.poll(() => holdState(), { timeout: 20_000 }).toBe('Held on the card');
    expect(await hold.textContent()).toMatch(/Held\s*CHF\s*1[’']000\.00/);
    expect(await hold.textContent()).toContain('pi_sandbox_');
    expect(await hold.getByRole('button', { name: 'Capture…' }).count()).toBe(1);
    await harness.shot(page, '06-deposit-held');

    await hold.getByRole('button', { name: 'Release hold' }).click();
    await expect.poll(() => holdState(), { timeout: 20_000 }).toBe('Released');
    expect(await hold.getByRole('button', { name: 'Hold deposit' }).count()).toBe(1);
    await harness.shot(page, '07-deposit-released');
  });
});
