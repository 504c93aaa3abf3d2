import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totals } from '@forecourt/shared/domain/rental/index';
import { loadContractRecord, rentalDocumentPdf, rentalInvoiceDefinition, rentalInvoiceFigures } from './index.ts';
import { creditorReferenceValid, documentNumberOfReference, qrReferenceValid } from './qr-references.ts';
import {
  createRentalReplica,
  openContract,
  PLAIN_IBAN,
  QR_IBAN,
  type RentalReplica,
} from './rental-fixture.test-support.ts';

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
    const { contractId, number, invoiceNumber } = openContract(rental, { close: { cash: true } });
    // The invoice's own number from the device's invoice series of the fiscal year, not the contract's.
    expect(invoiceNumber).toBe('ZRH1A/2026/00001');
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
    expect(text).toMatch(/Invoice no\.\s+ZRH1A\/2026\/00001/);
    expect(text).toMatch(new RegExp(`Contract no\\.\\s+${number}`));
    // The slip: QR-IBAN from the bank details, the QR reference from the invoice number.
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
    expect(qrReferenceValid(fields[28] ?? '')).toBe(true);
    expect(documentNumberOfReference(fields[28] ?? '')).toBe('ZRH1A/2026/00001');
    expect(fields.slice(29)).toEqual([`Invoice ZRH1A/2026/00001, rental ${number}`, 'EPD']);
  });

  it('uses an RF creditor reference with an ordinary IBAN, and no rounding when not paid in cash', async () => {
    rental.setBankDetails(`PostFinance ${PLAIN_IBAN} BIC POFICHBEXXX`);
    const { contractId } = openContract(rental, { close: { cash: false } });
    const { pdf } = await render('rental-invoice', contractId);
    const text = pdfText(pdf, 'invoice-rf');
    expect(text).toMatch(/Payable\s+CHF 187.47/);
    expect(text).not.toContain('Cash rounding');
    const fields = (scanLastPage(pdf, 'invoice-rf') ?? '').split('\n');
    expect(fields[3]).toBe('CH9300762011623852957');
    expect(fields[18]).toBe('187.47');
    expect(fields[27]).toBe('SCOR');
    expect(fields[28]).toMatch(/^RF\d{2}ZRH1A202600001$/);
    expect(creditorReferenceValid(fields[28] ?? '')).toBe(true);
  });

  it('prints the invoice without a QR-bill, and says why, when no IBAN is configured', async () => {
    rental.setBankDetails(null);
    const { contractId } = openContract(rental, { close: { cash: false } });
    const { pdf } = await render('rental-invoice', contractId);
    const text = pdfText(pdf, 'invoice-no-iban');
    expect(text).toContain('No QR-bill on this invoice: no IBAN is set for this site (Settings, the site: IBAN).');
    expect(text).not.toContain('Payment part');
    expect(text).toContain('Invoice ZRH1A/2026/00001 · page 1 of 1');
    rental.setBankDetails('IBAN CH93 0076 2011 6238 5295 8');
    expect(pdfText((await render('rental-invoice', contractId)).pdf, 'bad-iban')).toContain(
      'the IBAN in the bank details (CH9300762011623852958) has a wrong check digit',
    );
  });

  it("takes the site's IBAN field over the bank details, and the counter refuses a wrong IBAN", async () => {
    // Bank details still hold the QR-IBAN; the IBAN field (an ordinary IBAN) wins.
    rental.setIban('ch93 0076 2011 6238 5295 7');
    expect(rental.replica.store().get('sites', rental.siteId)?.iban).toBe('CH9300762011623852957');
    const { contractId } = openContract(rental, { close: { cash: false } });
    const withField = (scanLastPage((await render('rental-invoice', contractId)).pdf, 'iban-field') ?? '').split('\n');
    expect([withField[3], withField[27]]).toEqual(['CH9300762011623852957', 'SCOR']);
    // A QR-IBAN in the field: a QR reference, read back to the invoice number.
    rental.setIban(QR_IBAN);
    const qr = (scanLastPage((await render('rental-invoice', contractId)).pdf, 'qr-iban-field') ?? '').split('\n');
    expect([qr[3], qr[27], documentNumberOfReference(qr[28] ?? '')]).toEqual([
      'CH4431999123000889012',
      'QRR',
      'ZRH1A/2026/00001',
    ]);
    for (const [iban, message] of [
      ['CH93 0076 2011 6238 5295 8', /wrong check digit/],
      ['DE89 3704 0044 0532 0130 00', /not a Swiss or Liechtenstein IBAN/],
      ['CH93 0076 2011 6238 5295', /must have 21 characters/],
      ['CH93-0076', /letters and digits only/],
    ] as const) {
      expect(() => rental.setIban(iban), iban).toThrow(message);
    }
    // Refused on the counter: nothing changed, the QR-IBAN stays.
    expect(rental.replica.store().get('sites', rental.siteId)?.iban).toBe('CH4431999123000889012');
    // Cleared: the bank details text again (older sites).
    rental.setIban(null);
    rental.setBankDetails(`PostFinance ${PLAIN_IBAN}`);
    const fallback = (scanLastPage((await render('rental-invoice', contractId)).pdf, 'iban-cleared') ?? '').split('\n');
    expect(fallback[3]).toBe('CH9300762011623852957');
  });

  it('keeps the contract number on the invoice of a contract closed before invoice numbering', async () => {
    const { contractId, number } = openContract(rental, { close: { cash: true } });
    const store = rental.replica.store();
    const closed = store.get('rental_contracts', contractId)!;
    // As 0093 finds a contract closed earlier: no invoice number.
    store.put('rental_contracts', {
      ...closed,
      invoice_number: null,
      invoice_series: null,
      invoice_seq: null,
      invoice_fiscal_year: null,
    });
    const { pdf, number: printed } = await render('rental-invoice', contractId);
    expect(printed).toBe(number);
    const text = pdfText(pdf, 'invoice-legacy');
    expect(text).toMatch(new RegExp(`Invoice no\\.\\s+${number}`));
    expect(text).not.toContain('Contract no.');
    const fields = (scanLastPage(pdf, 'invoice-legacy') ?? '').split('\n');
    // The reference it was first printed with: the contract number two digits a character.
    expect(fields[28]).toMatch(/^0{2}352717011002060000000\d{4}$/);
    expect(fields.slice(29)).toEqual([`Rental ${number}`, 'EPD']);
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
    // A deposit is quoted: paid in advance with the QR-bill (see below).
    expect(text).toMatch(/Deposit \(refundable\)\s+1’000.00/);
  });
  it('prints a QR-bill for the deposit of a standing reservation, and none when nothing is due', async () => {
    const book = (startsAt: string, endsAt: string, depositMinor?: number) =>
      rental.mutate(rental.staff, 'rental.reservationCreate', {
        customerId: rental.fleet.renterId,
        classId: rental.fleet.classId,
        startsAt,
        endsAt,
        ...(depositMinor === undefined ? {} : { depositMinor }),
      });
    const created = book('2026-12-18T08:00:00.000Z', '2026-12-21T08:00:00.000Z');
    const number = String(created.number);
    const { pdf } = await render('reservation', String(created.reservationId));
    const text = pdfText(pdf, 'reservation-qr');
    expect(text).toContain('Deposit due before pickup: CHF 1’000.00, with the QR-bill below.');
    expect(text).toContain('Payment part');
    const fields = (scanLastPage(pdf, 'reservation-qr') ?? '').split('\n');
    expect(fields.slice(0, 4)).toEqual(['SPC', '0200', '1', 'CH4431999123000889012']);
    expect(fields.slice(4, 11)).toEqual(['S', 'Alpen Mietwagen AG', 'Hardstrasse', '12', '8005', 'Zürich', 'CH']);
    expect(fields.slice(18, 20)).toEqual(['1000.00', 'CHF']);
    expect(fields.slice(20, 22)).toEqual(['S', 'Pia-Maria Rutschmann']);
    expect(fields[27]).toBe('QRR');
    expect(qrReferenceValid(fields[28] ?? '')).toBe(true);
    expect(documentNumberOfReference(fields[28] ?? '')).toBe(number);
    expect(fields.slice(29)).toEqual([`Deposit, reservation ${number}`, 'EPD']);

    // No deposit quoted: nothing due, no QR-bill and no notice.
    const free = book('2027-01-05T08:00:00.000Z', '2027-01-06T08:00:00.000Z', 0);
    const freeText = pdfText((await render('reservation', String(free.reservationId))).pdf, 'reservation-free');
    expect(freeText).not.toContain('Payment part');
    expect(freeText).not.toContain('QR-bill');
    // No IBAN: the deposit is taken at pickup, and the confirmation says why there is no QR-bill.
    rental.setBankDetails(null);
    const noIban = pdfText((await render('reservation', String(created.reservationId))).pdf, 'reservation-no-iban');
    expect(noIban).toMatch(/Deposit at pickup \(refundable\)\s+1’000.00/);
    expect(noIban).toContain('The deposit of CHF 1’000.00 is taken at pickup. No QR-bill for it: no IBAN is set');
    expect(noIban).not.toContain('Payment part');
    // Cancelled: nothing is due any more.
    rental.mutate(rental.staff, 'rental.reservationCancel', {
      reservationId: String(created.reservationId),
      reason: 'plans changed',
    });
    const cancelled = pdfText((await render('reservation', String(created.reservationId))).pdf, 'reservation-off');
    expect(cancelled).toContain('Cancelled');
    expect(cancelled).not.toContain('Payment part');
  });
});
