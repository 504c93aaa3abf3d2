import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { CounterCore } from '../src/core/counter.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { contractOnRentalCounter } from './support/rental-seed.ts';
import { search, signIn } from './support/ui.ts';

// The Stripe sandbox's simulated reader takes the card 2.5 s after it shows the amount.
vi.stubEnv('STRIPE_SANDBOX_CARD_DELAY_MS', '2500');
vi.stubEnv('INTEGRATIONS_POLL_SECONDS', '0.5');

/**
 * Card present at the counter through the real server and its Stripe sandbox: the owner sends a
 * job's balance to the site's simulated reader, sees "Waiting for card…", then the confirmed
 * card payment; a test amount ending in 05 is declined with Stripe's words; the refund form asks
 * for Stripe's reason. A rental manager holds a deposit on the reader.
 */
describe('card on a Stripe Terminal reader at the counter', () => {
  const harness = new Harness('terminal-payments');
  let counter: BrowserMode;
  let office: CounterCore;

  beforeAll(async () => {
    await harness.start({ jobs: 3 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
    office = await harness.headlessCounter('office', harness.demo.sites.main, harness.demo.users.owner.email);
  });
  afterAll(() => harness.close());

  async function openJobWithBalance(page: Page): Promise<void> {
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
  }

  it('takes the balance on the reader, shows a decline, and asks the refund’s Stripe reason', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    await openJobWithBalance(page);
    await expect.poll(() => page.getByTestId('balance-due').textContent(), { timeout: 15_000 }).toContain('1,062.00');

    // A declined card first: Stripe's test amounts ending in 05 are declined.
    await page.getByRole('button', { name: 'Card on reader' }).click();
    let form = page.getByRole('form', { name: 'Card on reader' });
    await expect.poll(() => form.getByLabel('Card reader').inputValue(), { timeout: 15_000 }).not.toBe('');
    expect(await form.getByLabel('Card reader').textContent()).toContain('Simulated reader');
    await form.getByLabel('Amount (INR)').fill('10.05');
    await harness.shot(page, '01-card-on-reader-form');
    await form.getByRole('button', { name: 'Send to reader' }).click();
    const attempt = page.getByTestId('reader-attempt');
    await attempt.getByText(/Waiting for card on Simulated reader/).waitFor({ timeout: 15_000 });
    await harness.shot(page, '02-waiting-for-card');
    await attempt.getByText('Declined: The card was declined.').waitFor({ timeout: 20_000 });
    await harness.shot(page, '03-declined');

    // Try again with the balance: the card is taken; the payment comes by sync, confirmed.
    await attempt.getByRole('button', { name: 'Try again' }).click();
    form = page.getByRole('form', { name: 'Card on reader' });
    await form.getByLabel('Amount (INR)').fill('1062');
    await form.getByRole('button', { name: 'Send to reader' }).click();
    await page
      .getByTestId('reader-attempt')
      .getByText(/Paid: ₹1,062\.00 by card on Simulated reader/)
      .waitFor({
        timeout: 20_000,
      });
    await harness.shot(page, '04-paid-on-reader');
    await page.getByTestId('reader-attempt').getByRole('button', { name: 'Done' }).click();
    const table = page.getByTestId('payment-table');
    await expect
      .poll(() => table.textContent(), { timeout: 20_000 })
      .toMatch(/(Advance|Part payment|Final payment) · Card/);
    expect(await table.textContent()).toContain('Confirmed');
    await expect.poll(() => page.getByTestId('balance-due').textContent(), { timeout: 15_000 }).toContain('0.00');

    await table.getByRole('button', { name: 'Refund…' }).click();
    const refund = page.getByRole('form', { name: 'Refund' });
    await refund.getByLabel('Category for Stripe').selectOption('duplicate');
    await refund.getByLabel('Reason', { exact: true }).fill('Charged twice: paid cash as well');
    await harness.shot(page, '05-refund-reason');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await page.getByText('Refund sent to Stripe').waitFor({ timeout: 15_000 });
    // The sandbox reports the refund as Stripe would (refund.created, charge.refunded): it reaches the job by sync.
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain('Refund · Card');
    expect(await table.textContent()).toContain('Duplicate payment: Charged twice: paid cash as well');
    expect(await table.textContent()).toMatch(/refunded/i);
    await harness.shot(page, '06-refunded');
    await page.close();
  });

  it('holds a rental deposit on the reader', async () => {
    const { page } = await contractOnRentalCounter(harness);
    const hold = page.getByTestId('deposit-hold');
    await hold.getByRole('button', { name: 'Hold on reader' }).click();
    const form = hold.locator('[aria-label="Hold on reader"]');
    await expect.poll(() => form.getByLabel('Card reader').inputValue(), { timeout: 15_000 }).not.toBe('');
    await form.getByRole('button', { name: 'Send to reader' }).click();
    await hold.getByText(/Waiting for card on Simulated reader/).waitFor({ timeout: 15_000 });
    await hold
      .getByText(/Held: CHF\s*1[’']000\.00 on the card presented on Simulated reader/)
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => hold.getByTestId('deposit-hold-state').textContent(), { timeout: 20_000 })
      .toContain('Held on the card');
    await harness.shot(page, '06-deposit-held-on-reader');
    expect(await hold.getByRole('button', { name: 'Capture…' }).count()).toBe(1);
    await page.close();
  });
});
