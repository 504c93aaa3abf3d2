import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { pendingCount, search, searchHits, signIn } from './support/ui.ts';

/**
 * The internet goes down at the counter: the app says so, work continues, changes queue up; when
 * the server is back they drain, and another counter of the site sees the new job.
 */
describe('working through a server outage', () => {
  const harness = new Harness('offline');
  let counter: BrowserMode;
  let secondCounter: BrowserMode;
  let page: Page;

  beforeAll(async () => {
    await harness.start({ jobs: 20 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
    secondCounter = await harness.enrolledCounter('second-counter', harness.demo.sites.main, 'Workshop office');
  });
  afterAll(() => harness.close());

  it('keeps working offline and syncs when the server is back', async () => {
    page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.staff.email, DEMO_PASSWORD, '1357');
    await expect.poll(() => page.getByTestId('sync-badge').textContent(), { timeout: 15_000 }).toContain('Online');

    await harness.stopServer();
    await expect.poll(() => page.getByTestId('sync-badge').textContent(), { timeout: 15_000 }).toContain('Offline');
    await harness.shot(page, '01-offline');

    await page.keyboard.press('Alt+n');
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    await page.getByRole('button', { name: /New customer/ }).click();
    await page.getByLabel("New customer's name").fill('Farhan Qureshi');
    await page.getByLabel('Mobile').fill('99001 23456');
    await page.getByRole('radio', { name: '+ New vehicle' }).click();
    await page.getByLabel('Registration no.').fill('KA 03 NB 7788');
    await page.getByLabel('Customer concern').fill('Front tyres worn, vibration at 80 km/h');
    await page.getByRole('button', { name: 'Open job' }).click();
    const number = page.locator('.job-screen h1');
    await number.waitFor();
    const jobNumber = (await number.textContent()) ?? '';
    // customer.create, vehicle.create and job.create wait for the server.
    await expect.poll(() => pendingCount(page)).toBe(3);
    await page.getByRole('textbox', { name: 'New note' }).fill('Customer will collect after 6 pm.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => pendingCount(page)).toBe(4);
    await harness.shot(page, '02-job-made-offline');

    await page.getByTestId('sync-badge').click();
    const panel = page.getByRole('dialog', { name: 'Sync' });
    await expect.poll(() => panel.getByTestId('pending-item').count()).toBe(4);
    await harness.shot(page, '03-pending-panel');

    await harness.startServer();
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => pendingCount(page), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('sync-badge').textContent()).toContain('Online');
    await expect.poll(() => panel.getByTestId('pending-item').count()).toBe(0);
    await harness.shot(page, '04-drained');

    // The other counter of the site, a separate core with its own replica, gets the job.
    await secondCounter.counter.login({ email: harness.demo.users.manager.email, password: DEMO_PASSWORD });
    await secondCounter.counter.syncNow();
    const second = await harness.page(secondCounter.server.url);
    await second.getByRole('heading', { name: 'Jobs' }).waitFor();
    await search(second, jobNumber);
    await expect.poll(() => searchHits(second).first().textContent(), { timeout: 15_000 }).toContain('Farhan Qureshi');
    await harness.shot(second, '05-second-counter-search');
    await second.keyboard.press('Enter');
    await second.getByText('Customer will collect after 6 pm.').waitFor();
    await harness.shot(second, '06-second-counter-job');
  });
  it('signs in with a PIN while the server is down, and those changes are accepted later', async () => {
    await harness.stopServer();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+1');
    await page.getByRole('button', { name: /Ravi Kumar/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('The server cannot be reached').waitFor({ timeout: 15_000 });
    await harness.shot(page, '07-sign-in-offline');
    await page.getByRole('button', { name: 'Sign in with PIN' }).click();
    await page.getByLabel('Email').fill(harness.demo.users.staff.email);
    await page.getByLabel('PIN', { exact: true }).fill('1357');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('.user-role').textContent()).toBe('Staff · offline sign-in');
    await page.locator('table tbody tr').first().click();
    await page.getByRole('textbox', { name: 'New note' }).fill('Noted while the internet was down.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => pendingCount(page)).toBe(1);
    await harness.shot(page, '08-working-after-pin-sign-in');

    await harness.startServer();
    await page.getByTestId('sync-badge').click();
    await page.getByRole('dialog', { name: 'Sync' }).getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => pendingCount(page), { timeout: 20_000 }).toBe(0);
    await harness.shot(page, '09-after-pin-sync');
    expect(await page.getByTestId('rejection').count()).toBe(0);
  });
});
