import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * The owner's integrations page, online through the counter core: the providers in sandbox mode,
 * an API key created (its secret shown once) and revoked, a failed webhook event retried until
 * the payment it carries reaches the counter; and, with the server down, a page that says so.
 */
describe('the owner’s integrations page', () => {
  const harness = new Harness('integrations');
  let counter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 5 });
    counter = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
  });
  afterAll(() => harness.close());

  /**
   * A Stripe payment that failed processing on every attempt earlier (a dead letter), as the
   * pipeline leaves it: the verified event in the inbox, status `dead`. The server's own tests
   * drive a real effect into this state (sync-server/test/integrations/stripe-payments.test.ts).
   */
  async function seedDeadStripeEvent(): Promise<{ intentId: string; jobId: string }> {
    const server = harness.requireServer();
    const { tenantId, sites } = harness.demo;
    const job = await server.db.query<{ id: string }>(
      'SELECT id FROM jobs WHERE tenant_id = $1 AND site_id = $2 ORDER BY id LIMIT 1',
      [tenantId, sites.main],
    );
    const jobId = String(job.rows[0]?.id);
    const intentId = `pi_e2e${uuidv7().replace(/-/g, '').slice(-18)}`;
    const created = Math.floor(Date.now() / 1000) - 600;
    const event = {
      id: `evt_e2e${uuidv7().replace(/-/g, '').slice(-18)}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created,
      data: {
        object: {
          id: intentId,
          object: 'payment_intent',
          amount: 245_000,
          amount_received: 245_000,
          currency: 'inr',
          status: 'succeeded',
          metadata: { tenant_id: tenantId, site_id: sites.main, job_id: jobId, kind: 'final' },
        },
      },
    };
    await server.db.query(
      `INSERT INTO webhook_inbox (id, provider, event_key, event_type, entity_key, tenant_id, body, received_at, status, attempts, last_error)
       VALUES ($1, 'stripe', $2, $3, $4, $5, $6, $7, 'dead', 12, 'could not serialize access due to concurrent update')`,
      [
        uuidv7(),
        event.id,
        event.type,
        intentId,
        tenantId,
        JSON.stringify(event),
        new Date(created * 1000).toISOString(),
      ],
    );
    return { intentId, jobId };
  }

  /** A refund call that ran out of retries earlier (Stripe kept answering 5xx), as the queue leaves it. */
  async function seedDeadRefundCall(): Promise<void> {
    const now = new Date().toISOString();
    await harness.requireServer().db.query(
      `INSERT INTO outbound_calls (id, tenant_id, provider, operation, idempotency_key, entity_key, request, status, attempts, last_error, created_at, updated_at)
       VALUES ($1, $2, 'stripe', 'stripe.refund', $3, 'pi_e2e_refund', $4::jsonb, 'dead', 9, 'stripe 503 api_error', $5, $5)`,
      [
        uuidv7(),
        harness.demo.tenantId,
        `refund:${uuidv7()}:${uuidv7()}`,
        JSON.stringify({ paymentId: uuidv7(), paymentIntentId: 'pi_e2e_refund', amountMinor: 5_000 }),
        now,
      ],
    );
  }

  it('shows sandbox providers, creates and revokes an API key, and retries a failed event and call', async () => {
    const { intentId } = await seedDeadStripeEvent();
    await seedDeadRefundCall();
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);

    await page.getByRole('link', { name: 'Integrations' }).click();
    const providers = page.getByTestId('provider-table');
    await providers.waitFor();
    for (const name of ['Stripe', 'DocuSign', 'Enode', 'Twilio'])
      await providers.getByText(name, { exact: true }).waitFor();
    expect(await providers.getByText('Sandbox', { exact: true }).count()).toBe(4);
    const stripeRow = providers.locator('tr', { hasText: 'Stripe' });
    expect(await stripeRow.locator('td').nth(6).textContent()).toBe('1');
    await harness.shot(page, '01-providers');

    await page.getByRole('tab', { name: /API keys/ }).click();
    await page.getByLabel('Name of the system').fill('Accounting export');
    await page.getByLabel('Access').selectOption('read-write');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByLabel('New API key');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^fck_/);
    const keys = page.getByTestId('api-keys');
    const row = keys.locator('tr', { hasText: 'Accounting export' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Read and write');
    expect(await row.textContent()).not.toContain(key);
    await harness.shot(page, '02-key-created');

    // The key works against the server's third-party API, then stops working once revoked.
    const vehicles = () =>
      fetch(`${harness.serverUrl}/api/v1/integrations/api/vehicles`, { headers: { authorization: `Bearer ${key}` } });
    expect((await vehicles()).status).toBe(200);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByLabel('New API key').count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await vehicles()).status).toBe(401);
    await harness.shot(page, '03-key-revoked');

    await page.getByRole('tab', { name: /Event log/ }).click();
    await page.getByLabel('Show events').selectOption('dead');
    const log = page.getByTestId('event-log');
    const failed = log.locator('tr', { hasText: 'payment_intent.succeeded' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('could not serialize');
    await harness.shot(page, '04-failed-event');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await page.getByLabel('Show events').selectOption('');
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return log.locator('tr', { hasText: 'payment_intent.succeeded' }).textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('payment confirmed');
    await harness.shot(page, '05-event-retried');
    // The effect of the retried event reaches this counter like any change.
    await expect
      .poll(async () => (await counter.counter.query('payments', { where: { provider_ref: intentId } })).length, {
        timeout: 15_000,
      })
      .toBe(1);

    await page.getByRole('tab', { name: /Calls to providers/ }).click();
    const call = page.getByTestId('call-log').locator('tr', { hasText: 'Refund' });
    await call.waitFor();
    expect(await call.textContent()).toContain('stripe 503');
    await call.getByRole('button', { name: 'Retry' }).click();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return call.locator('.pill').textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('Done');
    await harness.shot(page, '06-call-retried');

    await harness.stopServer();
    await page.getByRole('tab', { name: /Providers/ }).click();
    await page.reload();
    await page.getByText('The server cannot be reached.').first().waitFor({ timeout: 15_000 });
    await harness.shot(page, '07-offline');
    await harness.startServer();
  });
});
