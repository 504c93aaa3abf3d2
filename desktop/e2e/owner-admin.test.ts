import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

const NEW_MANAGER = { name: 'Meera Iyer', email: 'meera.iyer@example.test', password: 'garage keys 2026' };

async function joinWithInvite(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'New here? Join with an invite code' }).click();
  const form = page.getByRole('form', { name: 'Join with an invite code' });
  await form.getByLabel('Invite code').fill(code);
  await form.getByLabel('Your name').fill(NEW_MANAGER.name);
  await form.getByLabel('Email').fill(NEW_MANAGER.email);
  await form.getByLabel('Choose a password').fill(NEW_MANAGER.password);
  await form.getByLabel('Repeat the password').fill(NEW_MANAGER.password);
  await form.getByRole('button', { name: 'Join and sign in' }).click();
}

/**
 * The owner's administration through the visible UI: an invite created in settings, a new
 * manager joining with it on their site's counter, the owner deactivating them, and the sign-in
 * that then fails with a clear message. Also the sites and number series tabs.
 */
describe('owner administration', () => {
  const harness = new Harness('owner-admin');
  let ownerPc: BrowserMode;
  let siteCounter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 5 });
    ownerPc = await harness.counterInBrowserMode('owner-pc');
    await ownerPc.counter.enrol({
      serverUrl: harness.serverUrl,
      code: await harness.enrolmentCode(null),
      name: 'Owner’s PC',
    });
    ownerPc.counter.startSync();
    siteCounter = await harness.counterInBrowserMode('koramangala-counter');
    await siteCounter.counter.enrol({
      serverUrl: harness.serverUrl,
      code: await harness.enrolmentCode(harness.demo.sites.main),
      name: 'Koramangala counter',
    });
    siteCounter.counter.startSync();
  });
  afterAll(() => harness.close());

  it('invites a manager who joins and signs in; once deactivated they cannot sign in again', async () => {
    const owner = await harness.page(ownerPc.server.url);
    await signIn(owner, harness.demo.users.owner.email, DEMO_PASSWORD);
    await owner.keyboard.press('Alt+4');
    await owner.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await owner.getByLabel('Works at').selectOption({ label: 'Koramangala' });
    await owner.getByLabel('Role').selectOption('manager');
    await owner.getByRole('button', { name: 'Create invite' }).click();
    const card = owner.getByTestId('invite-code');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Manager at Koramangala');
    const code = ((await card.locator('.code-value').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await owner.getByTestId('open-invites').getByRole('cell', { name: 'Manager' }).waitFor();
    await harness.shot(owner, '01-invite-created');

    const counter = await harness.page(siteCounter.server.url);
    await counter.getByRole('heading', { name: 'Sign in' }).waitFor();
    await joinWithInvite(counter, code.toLowerCase());
    const pinDialog = counter.getByRole('dialog', { name: 'Set a PIN for offline sign-in' });
    await pinDialog.getByRole('button', { name: 'Not now' }).click();
    await counter.getByRole('button', { name: new RegExp(NEW_MANAGER.name) }).waitFor();
    await harness.shot(counter, '02-manager-joined');

    const row = owner.getByTestId('users-table').getByRole('row', { name: new RegExp(NEW_MANAGER.name) });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Koramangala');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Deactivated');
    expect(await owner.getByTestId('open-invites').count()).toBe(0);
    await harness.shot(owner, '03-manager-deactivated');

    await counter.getByRole('button', { name: new RegExp(NEW_MANAGER.name) }).click();
    await counter.getByRole('menuitem', { name: 'Sign out' }).click();
    await counter.getByRole('button', { name: 'Sign out' }).click();
    await expect(signIn(counter, NEW_MANAGER.email, NEW_MANAGER.password)).rejects.toThrow(
      /this account is deactivated/i,
    );
    await harness.shot(counter, '04-deactivated-sign-in-refused');

    await joinWithInvite(counter, code);
    await expect
      .poll(() => counter.locator('.form-error').textContent())
      .toMatch(/this invite code has already been used/i);
    await harness.shot(counter, '05-used-code-refused');
  });

  it('shows the owner’s sites with their tax ids and checks the number series', async () => {
    const owner = await harness.page(ownerPc.server.url);
    await owner.getByRole('button', { name: /Anil Sharma/ }).waitFor();
    await owner.keyboard.press('Alt+4');
    await owner.getByRole('tab', { name: 'Sites' }).click();
    await owner.getByRole('button', { name: 'Add a site' }).click();
    const form = owner.getByRole('form', { name: 'Add a site' });
    await form.getByLabel('Site name').fill('Whitefield');
    await form.getByLabel('Site code').fill('WFD1');
    await form.getByLabel('Tax id').fill('29AAGCR4375J1ZV');
    await form.getByRole('button', { name: 'Add site' }).click();
    await owner.getByText(/wrong check character/).waitFor();
    await form.getByLabel('Tax id').fill('29AAGCR4375J1ZU');
    await form.getByRole('button', { name: 'Add site' }).click();
    await owner.getByTestId('sites-table').getByRole('cell', { name: '29AAGCR4375J1ZU' }).waitFor({ timeout: 15_000 });
    await harness.shot(owner, '06-sites');

    await owner.getByRole('tab', { name: 'Number series' }).click();
    await owner.getByRole('button', { name: 'Check numbers' }).click();
    await owner.getByTestId('number-series-verdict').waitFor();
    await harness.shot(owner, '07-number-series');
  });
});
