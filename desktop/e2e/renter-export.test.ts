import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { seedSwissRental, type SwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

/**
 * The renter data export from the renter screen: a manager downloads the JSON and the PDF; the
 * staff member does not see the buttons (and the core refuses them anyway, see renter-export.test.ts).
 */
describe('the renter data export on the counter', () => {
  const harness = new Harness('renter-export');
  let counter: BrowserMode;
  let rental: SwissRental;

  beforeAll(async () => {
    await harness.start({ jobs: 1 });
    const seeded = await seedSwissRental(harness);
    rental = seeded.rental;
    seeded.fleetPc.mutate('rental.customerCreate', {
      name: 'Anna Meier',
      birthDate: '1988-04-12',
      phone: '+41791234567',
      email: 'anna.meier@example.ch',
      licenceNumber: 'ZH-884422',
      licenceCountry: 'CH',
    });
    await seeded.fleetPc.syncNow();
    counter = await harness.counterInBrowserMode('export-counter');
  });
  afterAll(() => harness.close());

  async function openRenter(page: Page, email: string): Promise<void> {
    await signIn(page, email, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    await page.getByRole('tab', { name: 'Renters' }).click();
    await page.getByTestId('renter-table').getByText('Anna Meier').click();
    await page.getByRole('heading', { name: 'Anna Meier' }).waitFor();
  }

  async function download(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: label }).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  }

  it('lets a manager download the renter’s data as JSON and PDF, and the owner erase it', async () => {
    const page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await openRenter(page, rental.managerEmail);
    await harness.shot(page, '01-renter-with-export');

    const json = await download(page, 'Export data (JSON)');
    expect(json.name).toMatch(/^renter-data-anna-meier-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(json.bytes.toString('utf8')) as { renter: { name: string; licence_number: string } };
    expect(data.renter).toMatchObject({ name: 'Anna Meier', licence_number: 'ZH-884422' });

    const pdf = await download(page, 'Export data (PDF)');
    expect(pdf.name).toMatch(/\.pdf$/);
    const text = await harness.pdfText(pdf.bytes, '02-export-pdf');
    expect(text).toContain('PERSONAL DATA');
    expect(text).toContain('anna.meier@example.ch');
    await harness.shot(page, '03-after-export');

    await page.getByRole('button', { name: /Sandra Huber/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out' }).click();
    await openRenter(page, rental.staffEmail);
    expect(await page.getByRole('button', { name: /Export data/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);
    await page.getByRole('button', { name: /Luca Meier/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out' }).click();

    // The owner erases the person; the row stays for the accounting records with its retention date.
    await openRenter(page, 'owner@alpen-rent.ch');
    await page.getByRole('button', { name: 'Erase personal data' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('cannot be undone');
    await harness.shot(page, '04-erase-confirm');
    await dialog.getByRole('button', { name: 'Erase personal data' }).click();
    await page.getByRole('heading', { name: 'Erased renter' }).waitFor();
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toMatch(/accounting records kept until/);
    expect(facts).not.toContain('anna.meier@example.ch');
    await harness.shot(page, '05-erased');
    const erased = counter.counter.query('rental_customers').find((row) => row.erased_at);
    expect(erased).toMatchObject({ name: 'Erased renter', email: null, licence_number: null });
  });
});
