import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * The owner changes a person's role and site in Settings → Users; the server applies it at once
 * and the person's counter follows at its next sync.
 */
describe('changing someone’s role', () => {
  const harness = new Harness('user-roles');
  let ownerPc: BrowserMode;
  let siteCounter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 3 });
    ownerPc = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
    siteCounter = await harness.counterInBrowserMode('site-counter');
    await siteCounter.counter.enrol({
      serverUrl: harness.serverUrl,
      code: await harness.enrolmentCode(harness.demo.sites.main),
      name: 'Site counter',
    });
  }, 300_000); // may rebuild the renderer first
  afterAll(() => harness.close());

  it('makes a staff member a manager; their counter picks it up at the next sync', async () => {
    const staff = harness.demo.users.staff;
    const counter = await harness.page(siteCounter.server.url);
    await signIn(counter, staff.email, DEMO_PASSWORD);
    expect(siteCounter.counter.currentUser()?.role).toBe('staff');

    const owner = await harness.page(ownerPc.server.url);
    await signIn(owner, harness.demo.users.owner.email, DEMO_PASSWORD);
    await owner.keyboard.press('Alt+4');
    const table = owner.getByTestId('users-table');
    const ownRow = table.getByRole('row', { name: new RegExp(harness.demo.users.owner.name) });
    await ownRow.waitFor({ timeout: 15_000 });
    expect(await ownRow.getByRole('button', { name: 'Change role…' }).count()).toBe(0);

    const row = table.getByRole('row', { name: new RegExp(staff.name) }).first();
    await row.getByRole('button', { name: 'Change role…' }).click();
    const form = owner.getByRole('form', { name: `Role of ${staff.name}` });
    await form.getByLabel('Role').selectOption('manager');
    await harness.shot(owner, '01-change-role-form');
    await form.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Manager');
    await form.waitFor({ state: 'detached' });
    await harness.shot(owner, '02-role-changed');

    await siteCounter.counter.syncNow();
    await expect.poll(() => siteCounter.counter.currentUser()?.role, { timeout: 15_000 }).toBe('manager');
    const me = counter.getByRole('button', { name: new RegExp(staff.name) });
    await expect.poll(() => me.textContent(), { timeout: 15_000 }).toContain('Manager');
    await harness.shot(counter, '03-counter-after-sync');
  });
});
