import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import type { CounterCore } from '../src/core/counter.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { clickDiagram, drawSignature, makePng } from './support/rental-ui.ts';
import { seedSwissRental, type SwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

/** "CHF 1’234.50" → 123450 (the screen's Swiss formatting back into Rappen). */
function rappen(shown: string): number {
  const match = /(-?)[^\d-]*([\d'’ ]+)\.(\d{2})/.exec(shown.replace(/\u00a0/g, ' '));
  if (!match) throw new Error(`not an amount: ${shown}`);
  const units = Number((match[2] ?? '').replace(/['’ ]/g, ''));
  return (match[1] === '-' ? -1 : 1) * (units * 100 + Number(match[3]));
}

async function amounts(page: Page, testId: string): Promise<Array<{ label: string; minor: number }>> {
  const rows = page.getByTestId(testId).locator('tr');
  const out: Array<{ label: string; minor: number }> = [];
  for (const row of await rows.all()) {
    const [label = '', amount = ''] = await row.locator('td').allTextContents();
    out.push({ label, minor: rappen(amount) });
  }
  return out;
}

/**
 * A Swiss rental counter, end to end in Chromium: a renter and a reservation, the pickup with
 * photos, a damage and two drawn signatures, the return with a new damage beside the pickup
 * ones, and the invoice with VAT 8.1 % and cash rounding.
 */
describe('the rental counter', () => {
  const harness = new Harness('rental');
  let counter: BrowserMode;
  let rental: SwissRental;
  let fleetPc: CounterCore;
  let page: Page;

  beforeAll(async () => {
    await harness.start({ jobs: 5 });
    ({ rental, fleetPc } = await seedSwissRental(harness));
    counter = await harness.counterInBrowserMode('rental-counter');
  });
  afterAll(() => harness.close());

  it('reserves, hands over with photos and signatures, takes the car back with a new damage and invoices', async () => {
    page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await signIn(page, rental.staffEmail, DEMO_PASSWORD);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    const calendar = page.getByTestId('availability-calendar');
    await expect.poll(() => calendar.locator('.calendar-vehicle').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => calendar.locator('.calendar-free').first().textContent()).toBe('3 free');

    // A renter with ID and licence, checked at the counter.
    await page.getByRole('button', { name: 'New renter' }).click();
    const renterForm = page.getByRole('form', { name: 'New renter' });
    await renterForm.getByLabel('Name', { exact: true }).fill('Anna Meier');
    await renterForm.getByLabel('Date of birth').fill('1988-04-12');
    await renterForm.getByLabel('Mobile').fill('079 123 45 67');
    await renterForm.getByLabel('Email').fill('anna.meier@example.ch');
    await renterForm.getByLabel('ID document').selectOption('id_card');
    await renterForm.getByLabel('ID number').fill('C1234567');
    await renterForm.getByLabel('Licence number').fill('ZH-884422');
    await renterForm.getByLabel('Licence country (CH, IN…)').fill('ch');
    await renterForm.getByLabel('Licence issued').fill('2008-06-01');
    await renterForm.getByLabel('Licence valid until').fill('2035-06-01');
    await renterForm.getByLabel(/I have seen the ID/).check();
    await harness.shot(page, '01-new-renter');
    await page.getByRole('button', { name: 'Add renter' }).click();
    await page.getByRole('heading', { name: 'Anna Meier' }).waitFor();
    expect(await page.getByTestId('renter-warnings').count()).toBe(0);

    // The reservation: the Golf for three days with a child seat; the quote is on screen.
    await page.getByRole('button', { name: 'New reservation' }).click();
    const reservationForm = page.getByRole('form', { name: 'New reservation' });
    await reservationForm.getByLabel('Class', { exact: true }).selectOption({ label: 'Compact' });
    await reservationForm.getByLabel('Vehicle', { exact: true }).selectOption({ label: 'ZH 123 456 · VW Golf' });
    await reservationForm.getByLabel(/Child seat/).check();
    const quote = await amounts(page, 'reservation-quote');
    expect(quote.map((line) => line.label)).toEqual(['Rental 3 days', 'Child seat', 'Quoted price (VAT included)']);
    // 3 × 89.00 and 3 × 12.00: the quote is the domain's, summed as shown.
    expect(quote[0]?.minor).toBe(3 * 8_900);
    expect(quote[2]?.minor).toBe((quote[0]?.minor ?? 0) + (quote[1]?.minor ?? 0));
    await harness.shot(page, '02-reservation-form');
    await page.getByRole('button', { name: 'Reserve' }).click();
    await page.getByRole('button', { name: 'Start pickup' }).waitFor();
    await expect.poll(() => page.locator('.screen-head .tag').first().textContent()).toMatch(/Confirmed|Tentative/);
    await harness.shot(page, '03-reservation');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    await expect.poll(() => calendar.locator('.calendar-bar.bar-reservation').count()).toBe(1);
    await harness.shot(page, '04-calendar');
    await calendar.locator('.calendar-bar.bar-reservation').click();

    // Pickup: readings prefilled from the car, a scratch on the front left, two photos, signatures.
    await page.getByRole('button', { name: 'Start pickup' }).click();
    await page.getByRole('heading', { name: 'Pickup' }).waitFor();
    // Prefilled from the car's row, which loads a moment after the screen.
    await expect.poll(() => page.getByLabel('Odometer out (km)').inputValue()).toBe('18250');
    await page.getByLabel('Deductible (CHF)').fill('1500');
    await page.getByLabel('Terminal reference').fill('TRM-7781-0042');
    await clickDiagram(page.getByRole('button', { name: /Damages at pickup: click the car/ }), 0.25, 0.12);
    await page.getByRole('group', { name: 'New damage' }).getByLabel('Type').selectOption('scratch');
    await page.getByRole('button', { name: 'Add damage' }).click();
    await page.getByLabel('Pickup photos: add photos').setInputFiles([
      { name: 'front.png', mimeType: 'image/png', buffer: makePng(320, 240, [40, 120, 200]) },
      { name: 'left.png', mimeType: 'image/png', buffer: makePng(320, 240, [200, 90, 40]) },
    ]);
    await expect.poll(() => page.getByRole('img', { name: /Pickup photos \d/ }).count()).toBe(2);
    await drawSignature(page, page.getByRole('img', { name: "Renter's signature: sign here" }));
    await drawSignature(page, page.getByRole('img', { name: 'Staff signature: sign here' }));
    await expect.poll(() => page.getByText('Signed', { exact: true }).count()).toBe(2);
    await harness.shot(page, '05-pickup');
    await page.getByRole('button', { name: 'Open contract' }).click();
    await page.getByRole('button', { name: 'Return car' }).waitFor({ timeout: 15_000 });
    const number = (await page.locator('.screen-head h1').textContent()) ?? '';
    expect(number).toMatch(/^[A-Z0-9]+-\d{2}-\d{5}$/);
    await expect.poll(() => page.getByTestId('contract-paid').textContent()).toContain('Deposit');
    await harness.shot(page, '06-contract-open');

    // Return: 1,000 km later, 6/8 tank, a dent on the rear right; the charges preview follows.
    await page.getByRole('button', { name: 'Return car' }).click();
    await page.getByLabel('Odometer in (km)').fill('19250');
    await page.getByLabel('Fuel in').selectOption('6');
    await page.getByLabel('Damage charge (CHF)').fill('250');
    await clickDiagram(page.getByRole('button', { name: /At return: click the car/ }), 0.8, 0.85);
    await page.getByRole('group', { name: 'New damage' }).getByLabel('Type').selectOption('dent');
    await page.getByRole('group', { name: 'New damage' }).getByLabel('Severity').selectOption('moderate');
    await page.getByRole('button', { name: 'Add damage' }).click();
    await page
      .getByLabel('Return photos: add photos')
      .setInputFiles([{ name: 'rear-dent.png', mimeType: 'image/png', buffer: makePng(320, 240, [90, 90, 90]) }]);
    const preview = await amounts(page, 'return-charges');
    expect(preview.map((line) => line.label)).toEqual(
      expect.arrayContaining(['Refuel 2/8 tank', 'Damage', 'Total before the deposit']),
    );
    expect(preview.find((line) => line.label === 'Refuel 2/8 tank')?.minor).toBe(3_000);
    expect(preview.find((line) => line.label === 'Damage')?.minor).toBe(25_000);
    // Pickup and return side by side: one old mark, one new.
    expect(await page.locator('.damage-compare .damage-mark.damage-old').count()).toBe(1);
    await harness.shot(page, '07-return');
    await page.getByRole('button', { name: 'Record return' }).click();
    await page.getByRole('button', { name: 'Close and invoice' }).waitFor({ timeout: 15_000 });

    // The invoice: lines, the VAT contained (8.1 %), the deposit set off, cash rounded to 0.05.
    await page.getByLabel(/Paid in cash/).check();
    await page.getByRole('button', { name: 'Close and invoice' }).click();
    await expect.poll(() => page.locator('.screen-head .tag').first().textContent()).toBe('Closed');
    // The confirmation names the invoice number the contract was given from this PC's series.
    await page
      .getByRole('status')
      .filter({ hasText: /Contract closed: invoice \S+\/\d{4}\/\d+ issued\./ })
      .waitFor();
    const invoice = await amounts(page, 'contract-invoice');
    const lines = invoice.slice(0, -2);
    const total = invoice.at(-2);
    const vat = invoice.at(-1);
    expect(vat?.label).toBe('of which VAT 8.1%');
    expect(total?.minor).toBe(lines.reduce((sum, line) => sum + line.minor, 0));
    expect(vat?.minor).toBe(Math.round(((total?.minor ?? 0) * 810) / 10_810));
    const payable = rappen((await page.getByTestId('contract-payable').textContent()) ?? '');
    expect(payable % 5).toBe(0);
    expect(Math.abs(Math.abs((total?.minor ?? 0) - 100_000) - payable)).toBeLessThanOrEqual(2);
    await harness.shot(page, '08-invoice');

    // The documents: the contract and its invoice open as PDFs made by the counter (browser mode: a tab).
    for (const [button, expected] of [
      ['Print contract', ['RENTAL CONTRACT', number, 'Photos at pickup (2)', 'Renter: Anna Meier']],
      ['Invoice PDF', ['INVOICE', number, 'VAT 8.1% included', 'No QR-bill on this invoice']],
    ] as const) {
      const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: button }).click()]);
      const pdf = await (await page.context().request.get(tab.url())).body();
      await tab.close();
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
      for (const words of expected) expect(text, words).toContain(words);
      // The photos and signatures were stored on this counter, so they are in the PDF, not named as missing.
      expect(text).not.toContain('not on this counter yet');
    }

    // The closed contract reached the server and the fleet PC with the same figures.
    await expect
      .poll(
        async () => {
          await fleetPc.syncNow();
          return fleetPc.query('rental_contracts', { where: { number } })[0]?.total_minor;
        },
        { timeout: 20_000 },
      )
      .toBe(total?.minor);
    const synced = fleetPc.query('rental_contracts', { where: { number } })[0];
    expect(synced?.status).toBe('closed');
    expect(synced?.photos_out).toHaveLength(2);
    expect(synced?.photos_in).toHaveLength(1);
    expect(synced?.renter_signature_blob).toMatch(/^[0-9a-f]{64}$/);
    expect(synced?.damages_in).toHaveLength(1);

    // The fleet after the return: the Golf is available again with the odometer read at return.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    await page.getByRole('tab', { name: 'Fleet' }).click();
    const golfRow = page.getByTestId('fleet-table').locator('tr', { hasText: 'ZH 123 456' });
    await expect.poll(() => golfRow.textContent()).toMatch(/19['’]250 km/);
    expect(await golfRow.textContent()).toContain('Available');
    await harness.shot(page, '13-fleet');
    await golfRow.click();
    await page.getByRole('button', { name: 'Reserve this car' }).waitFor();
    await harness.shot(page, '14-fleet-car');
  });
  it('keeps two offline bookings of one car, flags both, and moves one to a free car of the class', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    const renterId = fleetPc.query('rental_customers', { where: { name: 'Anna Meier' } })[0]?.id ?? '';
    expect(renterId).not.toBe('');
    const zurichDay = (offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(Date.now() + offsetDays * 86_400_000);
    const from = zurichDay(10);
    const to = zurichDay(12);

    await harness.stopServer();
    await expect.poll(() => page.getByTestId('sync-badge').textContent(), { timeout: 15_000 }).toContain('Offline');
    // The fleet PC books the Polo offline ...
    fleetPc.mutate('rental.reservationCreate', {
      customerId: renterId,
      classId: rental.classId,
      vehicleId: rental.vehicles.polo,
      startsAt: new Date(`${from}T08:00:00.000Z`).toISOString(),
      endsAt: new Date(`${to}T08:00:00.000Z`).toISOString(),
      madeOffline: true,
    });
    // ... and so does this counter, for overlapping days: tentative, nothing refuses it yet.
    await page.getByRole('button', { name: 'New reservation' }).click();
    const form = page.getByRole('form', { name: 'New reservation' });
    await form.getByLabel('Renter').selectOption({ label: 'Anna Meier' });
    await form.getByLabel('Pickup date').fill(from);
    await form.getByLabel('Return date').fill(to);
    await form.getByLabel('Class', { exact: true }).selectOption({ label: 'Compact' });
    await form.getByLabel('Vehicle', { exact: true }).selectOption({ label: 'ZH 123 457 · VW Polo' });
    await form.getByRole('button', { name: 'Reserve' }).click();
    await page.getByRole('button', { name: 'Start pickup' }).waitFor();
    await expect.poll(() => page.locator('.screen-head .tag').first().textContent()).toBe('Tentative');
    await harness.shot(page, '09-tentative-offline');

    await harness.startServer();
    await fleetPc.syncNow();
    await expect.poll(() => page.getByTestId('double-booked').count(), { timeout: 30_000 }).toBe(1);
    const panel = page.getByTestId('double-booked');
    const moves = await panel.getByRole('button', { name: /^Move to / }).allTextContents();
    // The free cars of the class for those days: the Golf and the ID.3, never the Polo itself.
    expect(moves).toEqual(['Move to ZH 123 456 (VW Golf)', 'Move to ZH 654 321 (VW ID.3)']);
    expect(await page.getByRole('button', { name: 'Start pickup' }).isDisabled()).toBe(true);
    await harness.shot(page, '10-double-booked');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    const calendar = page.getByTestId('availability-calendar');
    await calendar.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => calendar.locator('.calendar-bar.bar-double').count()).toBe(2);
    await harness.shot(page, '11-double-booked-calendar');
    await page.goBack();

    await panel.getByRole('button', { name: 'Move to ZH 654 321 (VW ID.3)' }).click();
    await expect.poll(() => page.getByTestId('double-booked').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('ZH 654 321');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    await calendar.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => calendar.locator('.calendar-bar.bar-double').count()).toBe(0);
    await expect.poll(() => calendar.locator('.calendar-bar.bar-reservation').count()).toBe(2);
    await harness.shot(page, '12-resolved-calendar');
  });
});
