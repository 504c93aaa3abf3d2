import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig, openServerDatabase } from '@forecourt/sync-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpFake } from '../../sync-server/test/integrations/fakes/http-fake.ts';
import { loadMasterKey } from '../../sync-server/src/settings/master-key.ts';
import { putSetting } from '../../sync-server/src/settings/store.ts';
import { DEMO_PASSWORD, Harness, quietLogger } from './support/harness.ts';
import { seedSwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

const ENODE_SECRET = 'e2e-enode-webhook-secret';
// The server reads its Enode webhook secret from the environment when it starts (sandbox: no account).
vi.stubEnv('ENODE_WEBHOOK_SECRET', ENODE_SECRET);
vi.stubEnv('INTEGRATIONS_POLL_SECONDS', '0.5');

/**
 * The owner links a rental EV's data on its fleet page (sandbox Enode): the link page is made
 * through the server, the state goes to pending, Enode's webhook reports the car and the panel
 * says linked with the car's last reading; the owner unlinks; offline the button says why not.
 */
describe('linking a rental EV to Enode from the fleet page', () => {
  const harness = new Harness('rental-ev-link');
  afterAll(() => harness.close());
  beforeAll(async () => {
    await harness.start({ jobs: 1 });
  });

  let rental: Awaited<ReturnType<typeof seedSwissRental>>['rental'];
  let page: Awaited<ReturnType<Harness['page']>>;
  beforeAll(async () => {
    ({ rental } = await seedSwissRental(harness));
    const counter = await harness.counterInBrowserMode('rental-ev-link-counter');
    page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await signIn(page, 'owner@alpen-rent.ch', DEMO_PASSWORD);
  });

  it('makes a link, sees it pending then linked, unlinks, and explains offline', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    await page.getByRole('tab', { name: 'Fleet' }).click();

    // A petrol car has no EV panel; the ID.3 does.
    const fleet = page.getByTestId('fleet-table');
    await fleet.locator('tr', { hasText: 'ZH 123 456' }).click();
    await page.getByRole('button', { name: 'Reserve this car' }).waitFor();
    expect(await page.getByTestId('ev-link').count()).toBe(0);
    await page.getByRole('button', { name: '← Fleet' }).click();
    await fleet.locator('tr', { hasText: 'ZH 654 321' }).click();

    const panel = page.getByTestId('ev-link');
    const state = panel.getByTestId('ev-link-state');
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toContain('Not linked');
    await harness.shot(page, '01-not-linked');

    await panel.getByRole('button', { name: 'Link EV data (Enode)' }).click();
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain('Waiting for the car to be linked');
    expect(await state.textContent()).toMatch(/Link page valid until/);
    await panel.getByTestId('ev-link-sandbox').waitFor();
    const stored = await harness
      .requireServer()
      .db.query('SELECT vehicle_table, enode_vehicle_id FROM enode_links WHERE vehicle_id = $1', [rental.vehicles.id3]);
    expect(stored.rows).toEqual([{ vehicle_table: 'rental_vehicles', enode_vehicle_id: null }]);
    await harness.shot(page, '02-pending');

    // Enode reports the car the owner linked (its user id is our vehicle id), signed as Enode signs.
    const takenAt = new Date(Date.now() - 6 * 60_000).toISOString();
    const body = JSON.stringify([
      {
        event: 'user:vehicle:discovered',
        createdAt: new Date().toISOString(),
        user: { id: rental.vehicles.id3 },
        vehicle: {
          id: 'enode-id3-e2e',
          chargeState: { batteryLevel: 77, range: 300, isPluggedIn: false, isCharging: false, lastUpdated: takenAt },
          odometer: { distance: 4_150, lastUpdated: takenAt },
        },
      },
    ]);
    const delivered = await fetch(`${harness.serverUrl}/api/v1/webhooks/enode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-enode-signature': `sha1=${createHmac('sha1', ENODE_SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(delivered.status).toBe(200);
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toContain('Linked');
    await expect.poll(() => panel.getByTestId('ev-link-reading').textContent()).toMatch(/[67] minutes ago/);
    await harness.shot(page, '03-linked');

    await panel.getByRole('button', { name: 'Unlink' }).click();
    await panel.getByRole('button', { name: 'Yes, unlink' }).click();
    await expect.poll(() => state.textContent(), { timeout: 15_000 }).toContain('Not linked');
    const after = await harness
      .requireServer()
      .db.query('SELECT 1 FROM enode_links WHERE vehicle_id = $1', [rental.vehicles.id3]);
    expect(after.rows).toEqual([]);

    // Offline: the action stays on screen, disabled, with the reason.
    await harness.stopServer();
    await panel.getByTestId('ev-link-offline').waitFor({ timeout: 30_000 });
    expect(await panel.getByRole('button', { name: 'Link EV data (Enode)' }).isDisabled()).toBe(true);
    await harness.shot(page, '04-offline');
  });

  it('with a live Enode account, opens Enode’s link page; the integrations page says where secrets come from', async () => {
    // Enode's API on loopback: OAuth token and link sessions answering a link.enode.com page.
    const enode = new HttpFake();
    enode.route((request) => {
      if (request.path === '/oauth2/token')
        return { status: 200, body: { access_token: 'e2e-token', expires_in: 3600 } };
      const link = /^\/users\/([^/]+)\/link$/.exec(request.path);
      if (request.method === 'POST' && link)
        return { status: 200, body: { linkUrl: `https://link.enode.com/e2e-${link[1]}`, linkToken: 'lt' } };
      return undefined;
    });
    await enode.start();
    try {
      // The operator keeps Stripe's webhook secret in the encrypted settings (the server is down).
      await harness.stopServer();
      const settingsKey = randomBytes(32).toString('base64');
      vi.stubEnv('FORECOURT_SETTINGS_KEY', settingsKey);
      const config = loadConfig({}, { dataDir: join(harness.dir, 'server'), databaseUrl: null });
      const db = await openServerDatabase(config, quietLogger);
      const master = await loadMasterKey({ FORECOURT_SETTINGS_KEY: settingsKey }, config.dataDir, { create: false });
      if (!master) throw new Error('no master key');
      await putSetting(db, master, 'STRIPE_WEBHOOK_SECRET', 'whsec_e2e_settings_only_123456', new Date());
      await db.close();
      vi.stubEnv('ENODE_CLIENT_ID', 'e2e-client');
      vi.stubEnv('ENODE_CLIENT_SECRET', 'e2e-client-secret');
      vi.stubEnv('ENODE_API_BASE', enode.url);
      vi.stubEnv('ENODE_OAUTH_URL', `${enode.url}/oauth2/token`);
      await harness.startServer();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
      const stripe = page.getByTestId('secret-sources-stripe');
      await expect
        .poll(() => stripe.textContent(), { timeout: 30_000 })
        .toContain('Webhook secret: encrypted settings');
      expect(await stripe.textContent()).toContain('API key: not set');
      expect(await page.getByTestId('secret-sources-enode').textContent()).toContain(
        'Webhook secret: environmentClient secret: environment',
      );
      expect(await page.getByTestId('provider-table').textContent()).not.toContain('whsec_e2e_settings_only');
      await harness.shot(page, '05-integrations-secret-sources');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
      await page.getByRole('tab', { name: 'Fleet' }).click();
      await page.getByTestId('fleet-table').locator('tr', { hasText: 'ZH 654 321' }).click();
      const panel = page.getByTestId('ev-link');
      await panel.getByRole('button', { name: 'Link EV data (Enode)' }).click();
      await expect
        .poll(() => panel.getByTestId('ev-link-state').textContent(), { timeout: 15_000 })
        .toContain('Waiting for the car to be linked');
      expect(await panel.getByTestId('ev-link-sandbox').count()).toBe(0);
      expect(enode.received.filter((r) => r.path === `/users/${rental.vehicles.id3}/link`)).toHaveLength(1);

      // Opened through app:openExternal (the allow-list names Enode's link hosts); answered here, not by Enode.
      await page
        .context()
        .route('https://link.enode.com/**', (route) =>
          route.fulfill({ contentType: 'text/html', body: '<h1>Enode link page (test)</h1>' }),
        );
      const opened = page.context().waitForEvent('page');
      await panel.getByRole('button', { name: 'Open Enode’s link page' }).click();
      const popup = await opened;
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`https://link.enode.com/e2e-${rental.vehicles.id3}`);
      await popup.close();
      await harness.shot(page, '06-live-pending');
    } finally {
      await enode.stop();
    }
  });
});
