import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { enrolThroughUi, search, searchHits, signIn } from './support/ui.ts';

/** Enrol a new counter PC, sign in, take in a customer and a job, and find them with the search. */
describe('a new counter PC', () => {
  const harness = new Harness('basics');
  let counter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 40 });
    counter = await harness.counterInBrowserMode('counter');
  });
  afterAll(() => harness.close());

  it('enrols, signs in, creates a customer and a job, and finds them in search', async () => {
    const page = await harness.page(counter.server.url);
    await page.getByRole('heading', { name: 'Connect this PC' }).waitFor();
    await harness.shot(page, '01-enrol');
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(harness.demo.sites.main));
    await harness.shot(page, '02-sign-in');
    await signIn(page, harness.demo.users.staff.email, DEMO_PASSWORD, '2468');
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    // The seeded history of the site arrives with the first sync.
    await expect
      .poll(() => page.getByTestId('job-table').locator('tbody tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('all saved to server');
    await harness.shot(page, '03-jobs');

    await page.keyboard.press('Alt+c');
    await page.getByLabel('Name').fill('Deepika Menon');
    await page.getByLabel('Mobile').fill('98450 12345');
    await page.getByLabel('Email').fill('deepika@example.in');
    await harness.shot(page, '04-new-customer');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('heading', { name: 'Deepika Menon' }).waitFor();
    await expect.poll(() => page.getByText('+91 98450 12345').count()).toBe(1);

    await page.locator('.screen-head').getByRole('button', { name: 'New job' }).click();
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    await page.getByRole('radio', { name: '+ New vehicle' }).click();
    await page.getByLabel('Registration no.').fill('ka 05 mx 4242');
    await page.getByLabel('Make').fill('Honda');
    await page.getByLabel('Model').fill('Amaze');
    await page.getByLabel('Customer concern').fill('Brake pedal feels soft; check fluid and pads');
    await page.getByLabel('Estimate (INR)').fill('3,450.50');
    await harness.shot(page, '05-new-job');
    await page.getByRole('button', { name: 'Open job' }).click();

    const number = page.locator('.job-screen h1');
    await number.waitFor();
    const jobNumber = (await number.textContent()) ?? '';
    expect(jobNumber).toMatch(/^[A-Z0-9]+-\d{5}$/);
    await expect.poll(() => page.getByText('₹3,450.50').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Start work' }).click();
    await page
      .getByRole('textbox', { name: 'New note' })
      .fill('Customer waits at the lounge; call before replacing pads.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.timeline-item').count()).toBe(3);
    await expect.poll(() => page.locator('.status').first().textContent()).toBe('In progress');
    await harness.shot(page, '06-job');

    // The job card prints from the replica: a real PDF with the job on it, opened in a new tab.
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Print job card' }).click(),
    ]);
    const pdf = await page.request.get(tab.url());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = await harness.pdfText(await pdf.body(), '08-job-card');
    expect(text).toContain(jobNumber);
    expect(text).toContain('Deepika Menon');
    await tab.close();

    await search(page, 'MX 4242');
    await expect.poll(() => searchHits(page).first().textContent()).toContain('KA 05 MX 4242');
    await search(page, '45012');
    await expect.poll(() => searchHits(page).first().textContent()).toContain('Deepika Menon');
    await search(page, jobNumber.slice(-5));
    await expect.poll(() => searchHits(page).allTextContents()).toContainEqual(expect.stringContaining(jobNumber));
    await search(page, jobNumber);
    await expect.poll(() => searchHits(page).first().textContent()).toContain(jobNumber);
    await harness.shot(page, '07-search');
    await page.keyboard.press('Enter');
    await page.locator('.job-screen h1', { hasText: jobNumber }).waitFor();

    // Everything made on this counter reaches the server.
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');
  });
});
