import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * Marking a job ready at the counter: the server queues "your vehicle is ready" to the customer
 * (the sandbox Twilio accepts it) and the SMS comes back into the job's timeline with its status.
 */
describe('the customer SMS of a job in its timeline', () => {
  const harness = new Harness('customer-sms');
  let counter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 5 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
  });
  afterAll(() => harness.close());

  it('shows the vehicle-ready SMS with its status after the job is marked ready', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.staff.email, DEMO_PASSWORD);
    await page.keyboard.press('Alt+c');
    await page.getByLabel('Name').fill('Deepika Menon');
    await page.getByLabel('Mobile').fill('98450 12345');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('heading', { name: 'Deepika Menon' }).waitFor();
    await page.locator('.screen-head').getByRole('button', { name: 'New job' }).click();
    await page.getByRole('radio', { name: '+ New vehicle' }).click();
    await page.getByLabel('Registration no.').fill('ka 05 mx 4242');
    await page.getByLabel('Customer concern').fill('Brake pedal feels soft');
    await page.getByRole('button', { name: 'Open job' }).click();
    await page.locator('.job-screen h1').waitFor();
    await page.getByRole('button', { name: 'Start work' }).click();
    await page.getByRole('button', { name: 'Mark ready' }).click();

    const sms = page.locator('.timeline-item.kind-message');
    await expect.poll(() => sms.count(), { timeout: 30_000 }).toBe(1);
    expect(await sms.textContent()).toContain('SMS: vehicle ready to +919845012345');
    expect(await sms.textContent()).toMatch(/is ready for pickup \(job /);
    await expect.poll(() => sms.textContent(), { timeout: 30_000 }).toMatch(/Sent to Twilio|Delivered/);
    await sms.scrollIntoViewIfNeeded();
    await page.locator('.timeline').screenshot({ path: '/tmp/customer-sms-timeline.png' });
    await harness.shot(page, '01-timeline-sms');
  });
});
