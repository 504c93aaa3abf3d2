import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterCore } from '../src/core/counter.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { seedSwissRental, type SwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

const dir = mkdtempSync(join(tmpdir(), 'forecourt-site-iban-'));

/** The QR code on the last page of a PDF, read back with pdftoppm and jsQR. */
function qrOnLastPage(pdf: Buffer): string | null {
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '150',
    '-f',
    String(pages),
    '-l',
    String(pages),
    '-singlefile',
    file,
    join(dir, 'page'),
  ]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  return (
    jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ??
    null
  );
}

/**
 * A Swiss owner enters the site's IBAN in the site editor: a mistyped one is named under the
 * field and not saved; the right one (a QR-IBAN) is saved, syncs, and the next reservation
 * confirmation carries a QR-bill for its deposit to that account.
 */
describe('the site IBAN and the QR-bill', () => {
  const harness = new Harness('site-iban');
  let counter: BrowserMode;
  let rental: SwissRental;
  let fleetPc: CounterCore;

  beforeAll(async () => {
    await harness.start({ jobs: 1 });
    ({ rental, fleetPc } = await seedSwissRental(harness));
    counter = await harness.counterInBrowserMode('zurich-counter');
  }, 300_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await harness.close();
  });

  it('checks the IBAN as the owner types it, saves it, and the reservation confirmation pays the deposit to it', async () => {
    const page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await signIn(page, 'owner@alpen-rent.ch', DEMO_PASSWORD);
    await page.keyboard.press('Alt+4');
    await page.getByRole('tab', { name: 'Sites' }).click();
    await page
      .getByTestId('sites-table')
      .getByRole('row', { name: /Zürich HB/ })
      .getByRole('button')
      .click();
    const editor = page.getByRole('form', { name: 'Edit Zürich HB' });
    await editor.getByLabel('Address').fill('Bahnhofplatz 15, 8001 Zürich');
    await editor.getByLabel('Legal name on documents').fill('Alpen Rent AG');
    const iban = editor.getByLabel('IBAN (QR-bill)');
    await iban.fill('CH44 3199 9123 0008 8901 3');
    await iban.blur();
    await editor.getByText('The IBAN CH4431999123000889013 has a wrong check digit: a typing error?').waitFor();
    expect(await iban.getAttribute('aria-invalid')).toBe('true');
    await harness.shot(page, '01-iban-refused');
    await editor.getByRole('button', { name: 'Save' }).click();
    // Not saved: the editor stays open and the site has no IBAN.
    await editor.waitFor();
    expect(counter.counter.query('sites', { where: { id: rental.siteId } })[0]?.iban).toBeNull();

    await iban.fill('ch44 3199 9123 0008 8901 2');
    await editor.getByText('QR-IBAN: QR-bills carry a QR reference (27 digits)').waitFor();
    await harness.shot(page, '02-qr-iban');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect
      .poll(() => counter.counter.query('sites', { where: { id: rental.siteId } })[0]?.iban)
      .toBe('CH4431999123000889012');
    // The sites list shows it too.
    await page
      .getByTestId('sites-table')
      .getByRole('row', { name: /Zürich HB/ })
      .getByText('CH4431999123000889012')
      .waitFor();

    // The fleet PC books a car; the Zürich counter prints the confirmation with the deposit's QR-bill.
    await expect
      .poll(
        async () => {
          await fleetPc.syncNow();
          return fleetPc.query('sites', { where: { id: rental.siteId } })[0]?.iban;
        },
        { timeout: 20_000 },
      )
      .toBe('CH4431999123000889012');
    const renterId = String(
      fleetPc.mutate('rental.customerCreate', {
        name: 'Anna Meier',
        birthDate: '1990-04-02',
        address: 'Seestrasse 5, 8002 Zürich',
        phone: '+41791234567',
        licenceNumber: 'ZH-4711',
        licenceIssued: '2010-05-01',
        licenceExpires: '2035-05-01',
      }).customerId,
    );
    const booked = fleetPc.mutate('rental.reservationCreate', {
      customerId: renterId,
      classId: rental.classId,
      startsAt: '2027-02-01T08:00:00.000Z',
      endsAt: '2027-02-04T08:00:00.000Z',
    });
    await fleetPc.syncNow();
    const reservationId = String(booked.reservationId);
    await expect
      .poll(
        async () => {
          await counter.counter.syncNow();
          return counter.counter.query('rental_reservations', { where: { id: reservationId } }).length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const documentUrl = new URL(`/documents/reservation/${reservationId}.pdf`, counter.server.url).href;
    const response = await page.context().request.get(documentUrl);
    expect(response.status(), `${documentUrl}: ${await response.text()}`).toBe(200);
    const pdf = await response.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
    expect(text).toContain('Deposit due before pickup: CHF 1’000.00, with the QR-bill below.');
    const fields = (qrOnLastPage(pdf) ?? '').split('\n');
    expect(fields.slice(0, 11)).toEqual([
      'SPC',
      '0200',
      '1',
      'CH4431999123000889012',
      'S',
      'Alpen Rent AG',
      'Bahnhofplatz',
      '15',
      '8001',
      'Zürich',
      'CH',
    ]);
    expect(fields.slice(18, 22)).toEqual(['1000.00', 'CHF', 'S', 'Anna Meier']);
    expect(fields[27]).toBe('QRR');
    expect(fields[29]).toBe(`Deposit, reservation ${String(booked.number)}`);

    // A new site with its IBAN: checked in the form first, then by the server, which stores it compact.
    await page.getByRole('button', { name: 'Add a site' }).click();
    const form = page.getByRole('form', { name: 'Add a site' });
    await form.getByLabel('Site name').fill('Vaduz');
    await form.getByLabel('Site code').fill('VDZ1');
    await form.getByLabel('IBAN (QR-bill)').fill('DE89 3704 0044 0532 0130 00');
    await form.getByRole('button', { name: 'Add site' }).click();
    await form
      .getByText(
        'DE89370400440532013000 is not a Swiss or Liechtenstein IBAN: QR-bills need an account starting CH or LI.',
      )
      .waitFor();
    await harness.shot(page, '03-new-site-iban-refused');
    await form.getByLabel('IBAN (QR-bill)').fill('LI21 0881 0000 2324 013A A');
    await form.getByRole('button', { name: 'Add site' }).click();
    await page.getByTestId('sites-table').getByRole('cell', { name: 'Vaduz' }).waitFor({ timeout: 15_000 });
    const stored = await harness
      .requireServer()
      .db.query<{ iban: string }>('SELECT iban FROM sites WHERE tenant_id = $1 AND code = $2', [
        rental.tenantId,
        'VDZ1',
      ]);
    expect(stored.rows).toEqual([{ iban: 'LI21088100002324013AA' }]);
  });
});
