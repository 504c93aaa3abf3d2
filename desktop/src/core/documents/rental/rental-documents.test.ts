import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totals } from '@forecourt/shared/domain/rental/index';
import { loadContractRecord, rentalDocumentPdf, rentalInvoiceDefinition, rentalInvoiceFigures } from './index.ts';
import { createRentalReplica, openContract, PLAIN_IBAN, type RentalReplica } from './rental-fixture.test-support.ts';

/** PDFs read back with poppler: pdftotext for the words, pdftoppm + jsQR for the QR code. */
const dir = mkdtempSync(join(tmpdir(), 'forecourt-rental-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pageCount(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

function scanLastPage(pdf: Buffer, name: string): string | null {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const last = pageCount(pdf, name);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '150',
    '-f',
    String(last),
    '-l',
    String(last),
    '-singlefile',
    file,
    join(dir, name),
  ]);
  const png = PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
  return (
    jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ??
    null
  );
}

describe('rental documents (pdfmake, read back with poppler)', () => {
  let rental: RentalReplica;
  beforeEach(() => {
    rental = createRentalReplica();
  });
  afterEach(() => rental.close());
  const render = (kind: 'contract' | 'rental-invoice' | 'reservation', id: string) =>
    rentalDocumentPdf(rental.replica.store(), kind, id, {
      now: new Date(rental.now).toISOString(),
      readBlob: rental.readBlob,
    });

  it('prints the contract with the pickup and return protocol, damages, photos and signatures', async () => {
    const { contractId, number } = openContract(rental, { photos: 3, returnIt: true });
    const { pdf } = await render('contract', contractId);
    const text = pdfText(pdf, 'contract');
    for (const expected of [
      'RENTAL CONTRACT',
      number,
      'Alpen Mietwagen Zürich',
      'UID / MWST-Nr.: CHE-116.281.710 MWST',
      'Pia-Maria Rutschmann',
      'Grosse Marktgasse 28, 9400 Rorschach',
      'Licence ZH-778812 · CH · B, valid to 2035-06-01',
      'Additional drivers',
      'Jürg Rutschmann',
      'ZH 123456 VW Golf 2024',
      'WVWZZZ1KZAW000001',
      'Compact (COMPACT)',
      '12400 km',
      '13203 km (803 km driven)',
      'Full (8/8)',
      '6/8',
      'Staff Luca',
      'Scratch',
      'front bumper',
      'Dent',
      'Crack',
      'rear light',
      'front left',
      'right side',
      'rear',
      'Child seat',
      'CHF 12.00',
      'CHF 60.00',
      'CHF 89.50',
      'CHF 520.00',
      '200 km per day',
      'CHF 0.45 per km',
      'Full cover (CDW)',
      'CHF 1’500.00',
      'CHF 500.00',
      'version 2026-03',
      'Photos at pickup (3)',
      'Pickup 1',
      'Pickup 3',
      'Photos at return (1)',
      'Renter: Pia-Maria Rutschmann',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The photos and both signatures are embedded as images, and the diagram drawn (damage photo thumbnail too).
    const images = execFileSync('pdfimages', ['-list', join(dir, 'contract.pdf')], { encoding: 'utf8' });
    expect(images.trim().split('\n').length - 2).toBeGreaterThanOrEqual(3 + 1 + 2 + 1);
  });

  it('names a photo the counter does not hold instead of failing the print', async () => {
    const { contractId } = openContract(rental, { photos: 1 });
    const contract = rental.replica.store().get('rental_contracts', contractId);
    rental.replica.store().put('rental_contracts', { ...contract!, photos_out: ['ab'.repeat(32)] });
    const text = pdfText((await render('contract', contractId)).pdf, 'missing-photo');
    expect(text).toMatch(/Pickup 1: not on this counter yet\s+\(abababababab…\)/);
  });

  it('prints the invoice of a closed contract exactly as contractClose computed it, cash-rounded, with a QR-bill', async () => {
    const { contractId, number } = openContract(rental, { close: { cash: true } });
    const record = loadContractRecord(rental.replica.store(), contractId);
    const figures = rentalInvoiceFigures(record);
    const expected = totals(figures.lines, 'CH', '2026-11-23', { cash: true, paidMinor: 50_000 });
    // 268.50 + 89.50 late + 48.00 child seat + 1.35 extra km + 30.00 refuel + 250.12 damage = 687.47
    expect(figures).toMatchObject({ totalMinor: 68_747, vatMinor: 5_151, vatRateBp: 810, paidBeforeMinor: 50_000 });
    expect(figures).toMatchObject({ roundingMinor: -2, payableMinor: 18_745, balanceMinor: 18_745 });
    expect(expected).toMatchObject({ totalMinor: 68_747, vatMinor: 5_151, payableMinor: 18_745, roundingMinor: -2 });
    const { pdf } = await render('rental-invoice', contractId);
    const text = pdfText(pdf, 'invoice');
    for (const line of [
      'INVOICE',
      'Rechnung',
      number,
      'Alpen Mietwagen AG',
      'UID / MWST-Nr.: CHE-116.281.710 MWST',
      'Bill to',
      'Rental 3 days',
      'Late return 1 day',
      'Child seat',
      '3 km over the included',
      'Refuel 2/8 tank',
      'Damage',
    ]) {
      expect(text, line).toContain(line);
    }
    expect(text).toMatch(/Rental 3 days\s+268.50/);
    expect(text).toMatch(/Damage\s+250.12/);
    expect(text).toMatch(/Total incl. VAT\s+CHF 687.47/);
    expect(text).toMatch(/VAT 8.1% included\s+51.51/);
    expect(text).toMatch(/Net of VAT\s+635.96/);
    expect(text).toMatch(/Deposit and payments\s+-500.00/);
    expect(text).toMatch(/Cash rounding \(0.05\)\s+-0.02/);
    expect(text).toMatch(/Payable\s+CHF 187.45/);
    // The slip: QR-IBAN from the bank details, the QR reference from the contract number.
    expect(text).toContain('Payment part');
    expect(text).toContain('CH44 3199 9123 0008 8901 2');
    expect(text).toContain('187.45');
    const payload = rentalInvoiceDefinition(record).payload;
    expect(scanLastPage(pdf, 'invoice')).toBe(payload);
    const fields = (payload ?? '').split('\n');
    expect(fields.slice(0, 4)).toEqual(['SPC', '0200', '1', 'CH4431999123000889012']);
    expect(fields.slice(4, 11)).toEqual(['S', 'Alpen Mietwagen AG', 'Hardstrasse', '12', '8005', 'Zürich', 'CH']);
    expect(fields.slice(18, 20)).toEqual(['187.45', 'CHF']);
    expect(fields.slice(20, 27)).toEqual([
      'S',
      'Pia-Maria Rutschmann',
      'Grosse Marktgasse',
      '28',
      '9400',
      'Rorschach',
      'CH',
    ]);
    expect(fields[27]).toBe('QRR');
    expect(fields[28]).toMatch(/^0{2}352717011002060000000\d{4}$/);
    expect(fields.slice(29)).toEqual([`Rental ${number}`, 'EPD']);
  });

  it('uses an RF creditor reference with an ordinary IBAN, and no rounding when not paid in cash', async () => {
    rental.setBankDetails(`PostFinance ${PLAIN_IBAN} BIC POFICHBEXXX`);
    const { contractId, number } = openContract(rental, { close: { cash: false } });
    const { pdf } = await render('rental-invoice', contractId);
    const text = pdfText(pdf, 'invoice-rf');
    expect(text).toMatch(/Payable\s+CHF 187.47/);
    expect(text).not.toContain('Cash rounding');
    const fields = (scanLastPage(pdf, 'invoice-rf') ?? '').split('\n');
    expect(fields[3]).toBe('CH9300762011623852957');
    expect(fields[18]).toBe('187.47');
    expect(fields[27]).toBe('SCOR');
    expect(fields[28]).toMatch(new RegExp(`^RF\\d{2}${number.replaceAll('-', '')}$`));
  });

  it('prints the invoice without a QR-bill, and says why, when no IBAN is configured', async () => {
    rental.setBankDetails(null);
    const { contractId } = openContract(rental, { close: { cash: false } });
    const { pdf } = await render('rental-invoice', contractId);
    const text = pdfText(pdf, 'invoice-no-iban');
    expect(text).toContain('No QR-bill on this invoice: no Swiss IBAN is set in the bank details of this site.');
    expect(text).not.toContain('Payment part');
    rental.setBankDetails('IBAN CH93 0076 2011 6238 5295 8');
    expect(pdfText((await render('rental-invoice', contractId)).pdf, 'bad-iban')).toContain(
      'the IBAN in the bank details (CH9300762011623852958) has a wrong check digit',
    );
  });

  it('refuses the invoice of a contract that is not closed yet', async () => {
    const { contractId } = openContract(rental, { returnIt: true });
    await expect(render('rental-invoice', contractId)).rejects.toThrow(/close it to issue its invoice/);
    await expect(render('contract', 'no-such-contract')).rejects.toThrow(/rental contract not found/);
  });

  it('prints a reservation confirmation with the quote, the VAT it contains and the deposit', async () => {
    const created = rental.mutate(rental.staff, 'rental.reservationCreate', {
      customerId: rental.fleet.renterId,
      classId: rental.fleet.classId,
      vehicleId: rental.fleet.vehicleId,
      startsAt: '2026-12-18T08:00:00.000Z',
      endsAt: '2026-12-21T08:00:00.000Z',
      extras: ['child_seat'],
    });
    const text = pdfText((await render('reservation', String(created.reservationId))).pdf, 'reservation');
    for (const expected of [
      'RESERVATION',
      'Provisional',
      'Provisional: not yet confirmed',
      String(created.number),
      'Pia-Maria Rutschmann',
      'Compact or similar',
      'VW Golf (ZH 123456)',
      '18 Dec 2026, 09:00',
      '21 Dec 2026, 09:00',
      'Hardstrasse 12, 8005 Zürich',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/Rental 3 days \(Compact\)\s+268.50/);
    expect(text).toMatch(/Child seat\s+36.00/);
    expect(text).toMatch(/Total incl. VAT\s+CHF 304.50/);
    // 304.50 × 8.1 / 108.1 = 22.817… → 22.82
    expect(text).toMatch(/VAT 8.1% included\s+22.82/);
    expect(text).toMatch(/Deposit at pickup \(refundable\)\s+1’000.00/);
  });
});
