import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import type { HttpFake } from '../../sync-server/test/integrations/fakes/http-fake.ts';
import { stripeEnv, stripeFake, type FakeIntents } from '../../sync-server/test/integrations/fakes/stripe-fake.ts';
import {
  addTerminalRoutes,
  BAD_REGISTRATION_CODE,
  type FakeReaders,
} from '../../sync-server/test/integrations/fakes/stripe-terminal-fake.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

vi.stubEnv('INTEGRATIONS_POLL_SECONDS', '0.5');

/**
 * The owner's "Card readers" panel on the integrations page. First the server runs without a
 * Stripe account: each site has its simulated reader and there is no form. Then the same server
 * restarts connected to the Stripe HTTP fake (live mode): a reader is registered with its code,
 * label, location and site; a code Stripe refuses and a location Stripe does not know are shown
 * with Stripe's words, and nothing is registered for them.
 */
describe('the owner’s card readers', () => {
  const harness = new Harness('card-readers');
  let counter: BrowserMode;
  let stripe: HttpFake;
  // The fake's reader store (its routes all see each request, so it also holds the refused ones).
  let readers: FakeReaders;
  const intents: FakeIntents = new Map();

  beforeAll(async () => {
    stripe = stripeFake([], intents);
    readers = addTerminalRoutes(stripe, intents);
    // Stripe answers an unknown location like this (a 400 on the reader's create).
    stripe.route((request) =>
      request.method === 'POST' && request.path === '/v1/terminal/readers' && request.body.includes('tml_unknown')
        ? {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'resource_missing',
                message: "No such location: 'tml_unknown'",
              },
            },
          }
        : undefined,
    );
    await stripe.start();
    await harness.start({ jobs: 1 });
    counter = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
  });
  afterAll(async () => {
    await harness.close();
    await stripe.stop();
  });

  async function openReaders(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('tab', { name: 'Card readers' }).click();
    await page.getByTestId('card-readers').waitFor();
  }

  it('sandbox: one simulated reader per site, no registration form', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    await openReaders(page);
    const panel = page.getByTestId('card-readers');
    await panel.getByTestId('readers-sandbox').waitFor();
    const sites = await harness
      .requireServer()
      .db.query<{ name: string }>('SELECT name FROM sites WHERE tenant_id = $1 AND deleted_at IS NULL', [
        harness.demo.tenantId,
      ]);
    for (const site of sites.rows) {
      const section = panel.getByRole('region', { name: `Readers of ${site.name}` });
      await section.waitFor();
      expect(await section.getByText(`Simulated reader, ${site.name}`).count()).toBe(1);
      expect(await section.locator('td.mono').first().textContent()).toMatch(/^tmr_sandbox_/);
    }
    expect(await panel.getByRole('form', { name: 'Register a reader' }).count()).toBe(0);
    await harness.shot(page, '01-sandbox');
    await page.close();
  });

  it('live: registers a reader; a refused code and an unknown location say why', async () => {
    await harness.stopServer();
    for (const [name, value] of Object.entries(stripeEnv(stripe))) vi.stubEnv(name, value);
    await harness.startServer();

    // The counter core kept the owner's session through the server's restart.
    const page = await harness.page(counter.server.url);
    const integrations = page.getByRole('link', { name: 'Integrations' });
    await integrations.or(page.getByLabel('Email')).first().waitFor();
    if (!(await integrations.isVisible())) await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    await openReaders(page);
    const panel = page.getByTestId('card-readers');
    const form = panel.getByRole('form', { name: 'Register a reader' });
    await form.waitFor();
    expect(await panel.getByTestId('readers-sandbox').count()).toBe(0);
    expect(await panel.getByText('Simulated reader').count()).toBe(0);

    const site = harness.demo.sites.main;
    const siteName = (
      await harness.requireServer().db.query<{ name: string }>('SELECT name FROM sites WHERE id = $1', [site])
    ).rows[0]?.name;
    await form.getByLabel('Site').selectOption(site);
    await form.getByLabel('Label').fill('Front desk');

    // A location id that is not one: said before anything is sent.
    await form.getByLabel('Stripe location id').fill('loc_123');
    await panel.getByText('starts with tml_').waitFor();
    expect(await form.getByRole('button', { name: 'Register reader' }).isDisabled()).toBe(true);

    await form.getByLabel('Registration code').fill(BAD_REGISTRATION_CODE);
    await form.getByLabel('Stripe location id').fill('tml_frontdesk');
    await form.getByRole('button', { name: 'Register reader' }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('The registration code is invalid');
    await harness.shot(page, '02-bad-code');

    await form.getByLabel('Registration code').fill('sepia-cerulean-aardvark');
    await form.getByLabel('Stripe location id').fill('tml_unknown');
    await form.getByRole('button', { name: 'Register reader' }).click();
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain("No such location: 'tml_unknown'");
    const liveReaders = () =>
      harness
        .requireServer()
        .db.query("SELECT 1 FROM terminal_readers WHERE tenant_id = $1 AND mode = 'live'", [harness.demo.tenantId]);
    expect((await liveReaders()).rows).toHaveLength(0);

    await form.getByLabel('Stripe location id').fill('tml_frontdesk');
    await form.getByRole('button', { name: 'Register reader' }).click();
    const section = panel.getByRole('region', { name: `Readers of ${String(siteName)}` });
    const row = section.locator('tr', { hasText: 'Front desk' });
    await row.waitFor({ timeout: 15_000 });
    const stripeId = [...readers.keys()].at(-1) ?? '';
    expect(await row.textContent()).toContain(stripeId);
    expect(await row.textContent()).toContain('tml_frontdesk');
    expect(await row.textContent()).toContain('Live');
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await form.getByLabel('Registration code').inputValue()).toBe('');
    await harness.shot(page, '03-registered');

    // What reached Stripe: the code, label, location and our tenant and site, under one key.
    const created = stripe.requests('POST', '/v1/terminal/readers').at(-1);
    expect(created?.body).toContain('registration_code=sepia-cerulean-aardvark');
    expect(created?.body).toContain('location=tml_frontdesk');
    expect(decodeURIComponent(String(created?.body))).toContain(`metadata[site_id]=${site}`);
    // Each registration with other fields is a new request at Stripe (a key is never reused with other parameters).
    const keys = stripe
      .requests('POST', '/v1/terminal/readers')
      .map((request) => String(request.headers['idempotency-key']));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    expect(keys.every((key) => key.startsWith('terminal-reader:'))).toBe(true);
    const stored = await harness
      .requireServer()
      .db.query<{ site_id: string; mode: string }>(
        'SELECT site_id, mode FROM terminal_readers WHERE stripe_reader_id = $1',
        [stripeId],
      );
    expect(stored.rows).toEqual([{ site_id: site, mode: 'live' }]);
    await page.close();
  });
});
