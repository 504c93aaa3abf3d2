import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Row } from '@forecourt/shared';
import type { CounterCore } from '../src/core/counter.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * Two counters of one site change the same jobs while this one is cut off: the server refuses
 * an edit of a job the other counter cancelled (shown with its reason), and of two edits of the
 * same field the later wins, the other is kept as a conflict, and a manager restores it.
 */
describe('rejections and conflicts in the sync panel', () => {
  const harness = new Harness('review');
  let counter: BrowserMode;
  let other: CounterCore;
  let openJobs: Row[];

  beforeAll(async () => {
    await harness.start({ jobs: 30 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
    other = await harness.headlessCounter('workshop-office', harness.demo.sites.main, harness.demo.users.staff.email);
    openJobs = other.query('jobs', { where: { status: 'in_progress' } });
  });
  afterAll(() => harness.close());

  it('shows a refused change with its reason, and restores the value that lost a conflict', async () => {
    const [contested, cancelled] = openJobs;
    if (!contested || !cancelled) throw new Error('the demo history has too few jobs in progress');
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.manager.email, DEMO_PASSWORD);
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');

    // This counter loses its connection (as if its network cable came out) and keeps working.
    await counter.counter.stopSync();
    await editJobField(page, String(cancelled.number), 'Findings', 'Pads at 2 mm, discs scored');
    await editJobField(
      page,
      String(contested.number),
      'Customer concern',
      'Noise from the left front wheel at low speed',
    );

    // Meanwhile the other counter cancels one job and rewrites the concern of the other.
    other.mutate('job.setStatus', {
      jobId: cancelled.id,
      status: 'cancelled',
      reason: 'Customer took the car elsewhere',
    });
    other.mutate('job.update', { jobId: contested.id, concern: 'Grinding noise when braking' });
    await other.syncNow();

    counter.counter.startSync();
    await expect.poll(() => page.getByTestId('sync-problems').textContent(), { timeout: 20_000 }).toBe('2 to review');
    await page.getByTestId('sync-badge').click();
    const panel = page.getByRole('dialog', { name: 'Sync' });
    const rejection = panel.getByTestId('rejection');
    await expect
      .poll(() => rejection.textContent())
      .toContain(`${String(cancelled.number)} is cancelled and can no longer change`);
    expect(await rejection.textContent()).toContain('What to do');
    const conflict = panel.getByTestId('conflict');
    await expect.poll(() => conflict.textContent()).toContain('Noise from the left front wheel at low speed');
    // The names and the job number fill in as the reference data arrives: wait for them too.
    await expect.poll(() => conflict.textContent(), { timeout: 15_000 }).toContain('Grinding noise when braking');
    await expect.poll(() => conflict.textContent(), { timeout: 15_000 }).toContain(harness.demo.users.manager.name);
    await harness.shot(page, '01-panel');

    await conflict.getByRole('button', { name: 'Restore lost value' }).click();
    await expect.poll(() => panel.getByTestId('conflict').count()).toBe(0);
    await rejection.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => panel.getByTestId('rejection').count()).toBe(0);
    await harness.shot(page, '02-panel-resolved');
    await page.keyboard.press('Escape');

    // The restored concern is what this counter shows, and what reaches the other counter.
    await expect
      .poll(() => page.getByLabel('Customer concern').inputValue())
      .toBe('Noise from the left front wheel at low speed');
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');
    await expect
      .poll(
        async () => {
          await other.syncNow();
          return other.get('jobs', contested.id)?.concern;
        },
        { timeout: 15_000 },
      )
      .toBe('Noise from the left front wheel at low speed');
    await harness.shot(page, '03-job-restored');
  });
});

async function editJobField(page: Page, jobNumber: string, label: string, value: string) {
  await page.keyboard.press('Control+k');
  await page.getByRole('searchbox', { name: 'Search customers, vehicles and jobs' }).fill(jobNumber);
  await page.locator('#search-results [role=option]', { hasText: jobNumber }).first().click();
  await page.locator('.job-screen h1', { hasText: jobNumber }).waitFor();
  await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
}
