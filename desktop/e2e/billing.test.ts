import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSubscription } from '../../sync-server/src/billing/store.ts';
import { GRACE_MS } from '../../sync-server/src/billing/tiers.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * The owner's Plan and billing page through the counter core: the trial with its usage, a tier
 * chosen in the sandbox (activated at once), and a lapsed plan past its grace period shown as the
 * read-only banner and on the page, with a change kept in the outbox until the plan is renewed.
 */
describe('the owner’s plan and billing page', () => {
  const harness = new Harness('billing');
  let counter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 3 });
    counter = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
  });
  afterAll(() => harness.close());

  it('shows the trial and usage, activates a tier in the sandbox, and warns when the plan lapsed', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Plan and billing' }).click();
    const current = page.getByTestId('billing-current');
    await current.getByText('Trial', { exact: true }).first().waitFor();
    expect(await page.getByTestId('usage-Sites').textContent()).toContain('2 of 25');
    await harness.shot(page, '01-trial');

    await page.getByRole('button', { name: 'Choose Professional' }).click();
    await page.getByText('Professional is active (sandbox: no payment taken)').waitFor();
    await current.getByRole('heading', { name: 'Professional' }).waitFor();
    expect(await page.getByTestId('usage-Sites').textContent()).toContain('2 of 3');
    expect(await page.getByRole('button', { name: 'Current plan' }).isDisabled()).toBe(true);
    await harness.shot(page, '02-professional');

    // Unpaid for longer than the grace period (as Stripe's webhooks would leave it).
    const lapsed = new Date(Date.now() - GRACE_MS - 86_400_000).toISOString();
    const now = new Date().toISOString();
    await saveSubscription(harness.requireServer().db, {
      tenant_id: harness.demo.tenantId,
      tier: 'professional',
      status: 'past_due',
      stripe_customer_id: null,
      stripe_subscription_id: null,
      current_period_end: null,
      lapsed_since: lapsed,
      grace_ends_at: new Date(Date.parse(lapsed) + GRACE_MS).toISOString(),
      last_event_at: Math.floor(Date.now() / 1000),
      last_event_id: 'evt_e2e',
      sandbox: true,
      created_at: now,
      updated_at: now,
    });
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.reload();
    const banner = page.getByTestId('billing-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('it is read-only since');
    await harness.shot(page, '03-read-only-banner');
    await banner.getByRole('button', { name: 'Plan and billing' }).click();
    await page.getByText('Payment overdue').waitFor();
    await page.getByTestId('grace-end').waitFor();
    await harness.shot(page, '04-read-only-page');

    // A change made now waits in this PC's outbox; renewing the plan lets it through.
    const { customerId } = counter.counter.mutate('customer.create', {
      name: 'Waiting for the plan',
      siteId: harness.demo.sites.main,
    });
    const refused = await counter.counter.syncNow();
    expect(refused.pendingCount).toBe(1);
    expect(refused.lastError?.code).toBe('payment-required');
    await page.getByRole('button', { name: 'Renew Professional' }).click();
    await page.getByText('Professional is active (sandbox: no payment taken)').waitFor();
    const drained = await counter.counter.syncNow();
    expect(drained).toMatchObject({ pendingCount: 0, lastError: null });
    const stored = await harness
      .requireServer()
      .db.query('SELECT name FROM customers WHERE id = $1', [String(customerId)]);
    expect(stored.rows).toEqual([{ name: 'Waiting for the plan' }]);
  });
});
