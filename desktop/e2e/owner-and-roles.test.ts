import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * The owner's all-sites PC: switching between sites and the all-sites view, settings (users,
 * devices, a code for a new PC); then a staff member on the same PC sees only their site and
 * only what their role may do.
 */
describe('an owner’s all-sites PC', () => {
  const harness = new Harness('owner');
  let counter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 60 });
    counter = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
  });
  afterAll(() => harness.close());

  it('switches sites, manages devices; staff work at their site counter and see only their part', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    const table = page.getByTestId('job-table');
    await page.getByRole('tab', { name: /^All/ }).click();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(60);
    expect(await table.locator('thead').textContent()).toContain('Site');
    await harness.shot(page, '01-all-sites');

    await page.getByTestId('site-switcher').selectOption({ label: 'Mysuru Road' });
    await expect
      .poll(async () =>
        (await table.locator('tbody tr td:first-child').allTextContents()).every((n) => n.startsWith('MYS1')),
      )
      .toBe(true);
    expect(await table.locator('thead').textContent()).not.toContain('Site');
    await harness.shot(page, '02-one-site');

    await page.getByTestId('site-switcher').selectOption({ label: 'All sites' });
    await page.keyboard.press('Alt+c');
    await expect.poll(() => page.locator('form').getByLabel('Site').count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Users and roles' }).waitFor();
    for (const user of Object.values(harness.demo.users)) await page.getByText(user.email).waitFor();
    await harness.shot(page, '03-users');
    await page.getByRole('tab', { name: 'Devices' }).click();
    await page.getByRole('cell', { name: /^Owner’s PC/ }).waitFor();
    await page.getByLabel('The new PC works for').selectOption({ label: 'Koramangala' });
    await page.getByRole('button', { name: 'Create enrolment code' }).click();
    await expect
      .poll(() => page.getByTestId('enrolment-code').textContent(), { timeout: 15_000 })
      .toContain('For Koramangala');
    await harness.shot(page, '04-devices');

    await page.getByRole('button', { name: /Anil Sharma/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The owner's PC is for the owner: the server refuses staff there, and the screen says why.
    await expect(signIn(page, harness.demo.users.staffSecond.email, DEMO_PASSWORD)).rejects.toThrow(/no access/);
    await harness.shot(page, '05-staff-refused-on-owner-pc');

    const siteCounter = await harness.enrolledCounter('mysuru-counter', harness.demo.sites.second, 'Mysuru counter');
    await page.goto(siteCounter.server.url);
    await signIn(page, harness.demo.users.staffSecond.email, DEMO_PASSWORD);
    await expect.poll(() => page.locator('.site-name').textContent()).toBe('Mysuru Road');
    await page.getByRole('tab', { name: /^All/ }).click();
    await expect
      .poll(async () =>
        (await table.locator('tbody tr td:first-child').allTextContents()).every((n) => n.startsWith('MYS1')),
      )
      .toBe(true);
    await harness.shot(page, '06-staff-own-site');
    await page.keyboard.press('Alt+2');
    await page.locator('table tbody tr').first().click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete…' }).count()).toBe(0);
    await page.keyboard.press('Alt+4');
    expect(await page.getByRole('tab').allTextContents()).toEqual(['This PC']);
    await harness.shot(page, '07-staff-settings');
  });
});
