import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gstinCheckCharacter } from '@forecourt/shared/domain/garage/gstin';
import type { CounterCore } from '../src/core/counter.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { search, signIn } from './support/ui.ts';

/**
 * The money of a garage job at the counter: staff add a labour and a part line (totals by tax
 * rate, CGST + SGST), record an advance, mark the job ready and finalise the invoice (number from
 * this PC's series, lines frozen, PDF); then the owner signs in on the same PC and confirms the
 * payment, which the server accepts.
 */
describe('a garage job’s lines, payment and invoice', () => {
  const harness = new Harness('garage-money');
  let counter: BrowserMode;
  let office: CounterCore;

  beforeAll(async () => {
    await harness.start({ jobs: 10 });
    counter = await harness.enrolledCounter('counter', harness.demo.sites.main, 'Front counter');
    // An invoice needs the workshop's GSTIN; the owner sets it from the office PC.
    office = await harness.headlessCounter('office', harness.demo.sites.main, harness.demo.users.owner.email);
    const first14 = '29AAPFU0939F1Z';
    office.mutate('workshop.updateProfile', {
      siteId: harness.demo.sites.main,
      taxId: `${first14}${gstinCheckCharacter(first14)}`,
      legalName: 'Sharma Motors Pvt Ltd',
    });
    await office.syncNow();
  });
  afterAll(() => harness.close());

  it('adds lines, records a payment, finalises the invoice, and the owner confirms the payment', async () => {
    const page = await harness.page(counter.server.url);
    await signIn(page, harness.demo.users.staff.email, DEMO_PASSWORD);
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');
    const jobNumber = await openNewJob(page);
    await page.getByRole('button', { name: 'Start work' }).click();

    await addLabour(page, harness);
    await addPart(page);
    const totals = page.getByTestId('line-totals');
    await expect.poll(() => totals.textContent()).toContain('₹2,308.50');
    const taxRows = await totals.locator('tr').allTextContents();
    expect(taxRows).toEqual([
      'Taxable value₹2,050.00',
      'CGST 2.5% on ₹850.00₹21.25',
      'SGST 2.5% on ₹850.00₹21.25',
      'CGST 9% on ₹1,200.00₹108.00',
      'SGST 9% on ₹1,200.00₹108.00',
      'Total₹2,308.50',
    ]);
    await harness.shot(page, '01-lines');

    await page.getByRole('button', { name: 'Record payment' }).click();
    const form = page.getByRole('form', { name: 'Record payment' });
    await form.getByLabel('Method').selectOption({ label: 'UPI' });
    await form.getByLabel('Amount (INR)').fill('1,000');
    await form.getByLabel('Reference').fill('UPI-447120');
    await harness.shot(page, '02-payment-form');
    await form.getByRole('button', { name: 'Record payment' }).click();
    const payments = page.getByTestId('payment-table');
    await expect.poll(() => payments.textContent()).toContain('Unconfirmed');
    expect(await payments.textContent()).toContain('Advance · UPI');
    // Staff record; only an owner confirms.
    expect(await payments.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
    expect(await page.getByTestId('balance-due').textContent()).toContain('₹2,308.50');
    expect(await page.getByTestId('outstanding').textContent()).toContain('₹1,308.50');
    await harness.shot(page, '03-payment');

    await page.getByRole('button', { name: 'Mark ready' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Finalise invoice' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Finalise invoice' }).click();
    await harness.shot(page, '04-finalise-confirm');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Finalise invoice' }).click();
    const number = page.getByTestId('invoice-number');
    await number.waitFor();
    const invoiceNumber = ((await number.textContent()) ?? '').trim();
    expect(invoiceNumber).toMatch(/^BLR1[A-Z0-9]*\/\d{4}\/\d{5}$/);
    expect(invoiceNumber.length).toBeLessThanOrEqual(16);
    // Finalised: the lines are frozen.
    expect(await page.getByRole('button', { name: '+ Labour' }).count()).toBe(0);
    expect(await page.getByTestId('line-table').getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await harness.shot(page, '05-invoiced');

    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Invoice PDF' }).click(),
    ]);
    const pdf = await page.request.get(tab.url());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = await harness.pdfText(await pdf.body(), '06-invoice');
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('2,308.50');
    await tab.close();
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');

    await ownerConfirmsPayment(page, jobNumber);
    await expect
      .poll(
        async () => {
          await office.syncNow();
          return office.query('payments', { where: { reference: 'UPI-447120' } })[0]?.status;
        },
        { timeout: 15_000 },
      )
      .toBe('confirmed');
    expect(office.query('invoices', { where: { number: invoiceNumber } })).toHaveLength(1);

    await ownerCreditsAndReusesLines(page, invoiceNumber);
  });

  /** A credit note frees the lines; the owner saves them as a canned job and adds it in one step. */
  async function ownerCreditsAndReusesLines(page: Page, invoiceNumber: string) {
    await page.getByRole('button', { name: 'Credit note…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel('Reason for the credit note').fill('Customer asked for the invoice in the company name');
    await dialog.getByRole('button', { name: 'Issue credit note' }).click();
    const history = page.getByTestId('invoice-history');
    await expect.poll(() => history.textContent()).toContain(`Credit note for ${invoiceNumber}`);
    expect(await history.textContent()).toMatch(/BLR1[A-Z0-9]*\/\d{4}\/C\d{4}/);
    await history.scrollIntoViewIfNeeded();
    await harness.shot(page, '08-invoice-history');
    const creditNumber = /BLR1[A-Z0-9]*\/\d{4}\/C\d{4}/.exec((await history.textContent()) ?? '')?.[0] ?? '';
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      history.getByRole('button', { name: `Credit note ${creditNumber} PDF` }).click(),
    ]);
    const creditPdf = await harness.pdfText(await (await page.request.get(tab.url())).body(), '08-credit-note-pdf');
    expect(creditPdf).toMatch(new RegExp(`Credit note no\\.\\s+${creditNumber.replaceAll('/', '\\/')}`));
    expect(creditPdf).toContain(invoiceNumber);
    expect(creditPdf).toMatch(/Reason\s+Customer asked for the invoice/);
    await tab.close();
    await page.getByRole('button', { name: 'Save lines as canned job…' }).click();
    await dialog.getByLabel('Name of the canned job').fill('Front brake job');
    await dialog.getByRole('button', { name: 'Save canned job' }).click();
    await expect.poll(() => page.getByLabel('Canned job').locator('option').count()).toBe(2);
    await page.getByLabel('Canned job').selectOption({ label: 'Front brake job (2 lines)' });
    await page.getByRole('button', { name: 'Add canned job' }).click();
    await expect.poll(() => page.getByTestId('line-table').locator('tbody tr').count()).toBe(4);
    await expect.poll(() => page.getByTestId('line-totals').textContent()).toContain('₹4,617.00');
    await harness.shot(page, '08-credit-note-and-canned-job');
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');
  }

  async function ownerConfirmsPayment(page: Page, jobNumber: string) {
    await page.getByRole('button', { name: new RegExp(harness.demo.users.staff.name) }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, harness.demo.users.owner.email, DEMO_PASSWORD);
    await search(page, jobNumber);
    await page.locator('#search-results [role=option]', { hasText: jobNumber }).first().click();
    await page.locator('.job-screen h1', { hasText: jobNumber }).waitFor();
    const payments = page.getByTestId('payment-table');
    await payments.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => payments.textContent()).toContain('Confirmed');
    await expect.poll(() => page.getByTestId('balance-due').textContent()).toContain('₹1,308.50');
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');
    await harness.shot(page, '07-owner-confirmed');
  }
});

async function openNewJob(page: Page): Promise<string> {
  await page.keyboard.press('Alt+c');
  await page.getByLabel('Name').fill('Deepika Menon');
  await page.getByLabel('Mobile').fill('98450 12345');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await page.getByRole('heading', { name: 'Deepika Menon' }).waitFor();
  await page.locator('.screen-head').getByRole('button', { name: 'New job' }).click();
  await page.getByRole('radio', { name: '+ New vehicle' }).click();
  await page.getByLabel('Registration no.').fill('ka 05 mx 4242');
  await page.getByLabel('Make').fill('Honda');
  await page.getByLabel('Model').fill('Amaze');
  await page.getByLabel('Customer concern').fill('Brake pedal feels soft');
  await page.getByRole('button', { name: 'Open job' }).click();
  const number = page.locator('.job-screen h1');
  await number.waitFor();
  return (await number.textContent()) ?? '';
}

async function addLabour(page: Page, harness: Harness) {
  await page.getByRole('button', { name: '+ Labour' }).click();
  const form = page.getByRole('form', { name: 'Labour line' });
  await form.getByLabel('Description', { exact: true }).fill('Brake service, front axle');
  await form.getByLabel('Hours').fill('1.5');
  await form.getByLabel('Rate per hour (INR)').fill('800');
  await form.getByLabel('Technician').selectOption({ label: 'Ravi Kumar' });
  await expect.poll(() => form.getByTestId('line-preview').textContent()).toContain('₹1,416.00');
  await harness.shot(page, '00-labour-form');
  await form.getByRole('button', { name: 'Add line' }).click();
  await expect.poll(() => page.getByTestId('line-table').locator('tbody tr').count()).toBe(1);
}

async function addPart(page: Page) {
  await page.getByRole('button', { name: '+ Part' }).click();
  const form = page.getByRole('form', { name: 'Part line' });
  await form.getByLabel('Part number').fill('BP-2291');
  await form.getByLabel('Description', { exact: true }).fill('Front brake pads');
  await form.getByLabel('HSN/SAC').fill('8708');
  await form.getByLabel('Quantity').fill('3');
  await form.getByLabel('Unit price (INR)').fill('450');
  await form.getByLabel('Discount (INR)').fill('50');
  await form.getByLabel('Tax rate').selectOption({ label: 'GST 5%' });
  await form.getByRole('button', { name: 'Add line' }).click();
  const table = page.getByTestId('line-table');
  await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
  // Three was a typo: the line is changed in place (jobLine.update sends only the quantity).
  await table.locator('tbody tr', { hasText: 'Front brake pads' }).getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('form', { name: 'Part line' }).getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Save line' }).click();
  await expect
    .poll(() => table.locator('tbody tr', { hasText: 'Front brake pads' }).textContent())
    .toContain('₹850.00');
  // A line added by mistake is removed after a confirmation.
  await page.getByRole('button', { name: '+ Labour' }).click();
  const wash = page.getByRole('form', { name: 'Labour line' });
  await wash.getByLabel('Charged').selectOption({ label: 'Flat amount' });
  await wash.getByLabel('Description', { exact: true }).fill('Car wash');
  await wash.getByLabel('Amount (INR)').fill('200');
  await wash.getByRole('button', { name: 'Add line' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
  await page.getByRole('button', { name: 'Remove Car wash' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove line' }).click();
  await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
}
