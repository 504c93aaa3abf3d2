import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../pdf-renderer.ts';
import { qrBillPayload, toQrText, type QrBill } from './qr-bill-payload.ts';
import { qrBillSlip, slipAmount } from './qr-bill-slip.ts';
import {
  creditorReferenceFrom,
  creditorReferenceValid,
  ibanChecksumValid,
  isQrIban,
  mod10RecursiveCheckDigit,
  qrReferenceFrom,
  qrReferenceValid,
  referenceDigitsOf,
  referenceDigitsOfNumber,
  documentNumberOfReference,
  requireQrBillIban,
} from './qr-references.ts';
import { parseAddress } from './swiss-address.ts';

/** The example bill of the SIX Implementation Guidelines (QR-IBAN with a QR reference). */
const SIX_EXAMPLE: QrBill = {
  account: 'CH44 3199 9123 0008 8901 2',
  creditor: {
    name: 'Robert Schneider AG',
    street: 'Rue du Lac',
    buildingNumber: '1268',
    postalCode: '2501',
    town: 'Biel',
    country: 'CH',
  },
  amountMinor: 194_975,
  currency: 'CHF',
  debtor: {
    name: 'Pia-Maria Rutschmann-Schnyder',
    street: 'Grosse Marktgasse',
    buildingNumber: '28',
    postalCode: '9400',
    town: 'Rorschach',
    country: 'CH',
  },
  reference: { type: 'QRR', value: '21 00000 00003 13947 14300 09017' },
  message: 'Order of 15 June 2020',
};

const dir = mkdtempSync(join(tmpdir(), 'forecourt-qrbill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('references and accounts (SIX IG QR-bill v2.3, ISO 11649, ISO 13616)', () => {
  it('computes the modulo-10 recursive check digit of the SIX example QR reference', () => {
    expect(mod10RecursiveCheckDigit('21000000000313947143000901')).toBe(7);
    expect(qrReferenceValid('210000000003139471430009017')).toBe(true);
    expect(qrReferenceValid('21 00000 00003 13947 14300 09017')).toBe(true);
    expect(qrReferenceValid('210000000003139471430009016')).toBe(false);
    expect(qrReferenceValid('21000000000313947143000901')).toBe(false);
    expect(qrReferenceFrom('21000000000313947143000901')).toBe('210000000003139471430009017');
    expect(qrReferenceFrom('42')).toBe(`${'0'.repeat(24)}42${mod10RecursiveCheckDigit(`${'0'.repeat(24)}42`)}`);
  });

  it('builds and checks ISO 11649 creditor references (the standard’s RF18 5390 0754 7034)', () => {
    expect(creditorReferenceFrom('539007547034')).toBe('RF18539007547034');
    expect(creditorReferenceValid('RF18 5390 0754 7034')).toBe(true);
    expect(creditorReferenceValid('RF19539007547034')).toBe(false);
    expect(creditorReferenceValid(creditorReferenceFrom('ZRH1A2600042'))).toBe(true);
  });

  it('validates IBANs by their mod-97 check and tells a QR-IBAN by its IID 30000–31999', () => {
    expect(ibanChecksumValid('CH44 3199 9123 0008 8901 2')).toBe(true);
    expect(ibanChecksumValid('CH93 0076 2011 6238 5295 7')).toBe(true);
    expect(ibanChecksumValid('CH93 0076 2011 6238 5295 8')).toBe(false);
    expect(isQrIban('CH4431999123000889012')).toBe(true);
    expect(isQrIban('CH9300762011623852957')).toBe(false);
    expect(() => requireQrBillIban('DE89370400440532013000')).toThrow(/not a Swiss or Liechtenstein IBAN/);
    expect(() => requireQrBillIban('CH9300762011623852958')).toThrow(/wrong check digit/);
    expect(() => requireQrBillIban('CH930076201162385295')).toThrow(/21 characters/);
  });

  it('turns a document number into reference digits, two per character, so it can be read back', () => {
    expect(referenceDigitsOf('ZRH1A-26-00042')).toBe('352717011002060000000402');
    expect(referenceDigitsOf('A-VERY-LONG-NUMBER-0001')).toMatch(/^[0-9]{26}$/);
  });

  it('reads an invoice or reservation number of up to 16 characters into 26 digits and back', () => {
    const invoice = qrReferenceFrom(referenceDigitsOfNumber('ZRH1A/2026/00042'));
    expect(invoice).toBe('682811540132242094019162372');
    expect(documentNumberOfReference(invoice)).toBe('ZRH1A/2026/00042');
    expect(documentNumberOfReference(qrReferenceFrom(referenceDigitsOfNumber('RZRH1A-26-00007')))).toBe(
      'RZRH1A-26-00007',
    );
    // The SIX example reference and the old contract-number references are not document numbers.
    expect(documentNumberOfReference('210000000003139471430009017')).toBeNull();
    expect(documentNumberOfReference(qrReferenceFrom(referenceDigitsOf('ZRH1A-26-00042')))).toBeNull();
    // A wrong check digit reads as nothing.
    expect(documentNumberOfReference('682811540132242094019162371')).toBeNull();
    const numberChars = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/');
    fc.assert(
      fc.property(fc.array(numberChars, { minLength: 1, maxLength: 16 }), (chars) => {
        const number = chars.join('');
        const digits = referenceDigitsOfNumber(number);
        // 26 digits starting 5 or 6: never one of the 0–3 references printed from contract numbers.
        expect(digits).toMatch(/^[56][0-9]{25}$/);
        const reference = qrReferenceFrom(digits);
        expect(qrReferenceValid(reference)).toBe(true);
        expect(documentNumberOfReference(reference)).toBe(number);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the QR code payload', () => {
  it('writes the SIX example element by element: header, creditor, empty ultimate creditor, amount, debtor, reference, message, EPD', () => {
    const lines = qrBillPayload(SIX_EXAMPLE).split('\n');
    expect(lines).toEqual([
      'SPC',
      '0200',
      '1',
      'CH4431999123000889012',
      'S',
      'Robert Schneider AG',
      'Rue du Lac',
      '1268',
      '2501',
      'Biel',
      'CH',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '1949.75',
      'CHF',
      'S',
      'Pia-Maria Rutschmann-Schnyder',
      'Grosse Marktgasse',
      '28',
      '9400',
      'Rorschach',
      'CH',
      'QRR',
      '210000000003139471430009017',
      'Order of 15 June 2020',
      'EPD',
    ]);
  });

  it('allows an open amount, no debtor, and an RF reference on an ordinary IBAN', () => {
    const payload = qrBillPayload({
      ...SIX_EXAMPLE,
      account: 'CH9300762011623852957',
      amountMinor: null,
      debtor: null,
      reference: { type: 'SCOR', value: 'RF18 5390 0754 7034' },
      message: null,
    });
    const lines = payload.split('\n');
    expect(lines.slice(18, 20)).toEqual(['', 'CHF']);
    expect(lines.slice(20, 27)).toEqual(['', '', '', '', '', '', '']);
    expect(lines.slice(27)).toEqual(['SCOR', 'RF18539007547034', '', 'EPD']);
    expect(payload.endsWith('EPD')).toBe(true);
  });

  it('refuses what a bank would refuse, saying why', () => {
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, reference: { type: 'NON' } })).toThrow(
      /QR-IBAN .* needs a QR reference/,
    );
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, account: 'CH9300762011623852957' })).toThrow(/needs a QR-IBAN/);
    expect(() =>
      qrBillPayload({ ...SIX_EXAMPLE, reference: { type: 'QRR', value: '210000000003139471430009016' } }),
    ).toThrow(/not a QR reference/);
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, amountMinor: 0 })).toThrow(/between 0.01/);
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, creditor: { ...SIX_EXAMPLE.creditor, town: '' } })).toThrow(
      /creditor's town/,
    );
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, message: 'x'.repeat(141) })).toThrow(/longer than 140/);
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, message: 'Miete 🚗' })).toThrow(/characters a QR-bill cannot carry/);
    expect(() => qrBillPayload({ ...SIX_EXAMPLE, currency: 'USD' as 'CHF' })).toThrow(/CHF or EUR/);
  });

  it('spells text a QR-bill cannot carry in letters it can', () => {
    expect(toQrText('Zoë Müller-Łukasz 🚗  Straße')).toBe('Zoë Müller-Łukasz . Straße');
    expect(toQrText('Дмитрий')).toMatch(/^[.]+$/);
  });
});

describe('addresses in one line of text, read into the structured form', () => {
  it.each([
    [
      'Hardstrasse 12, 8005 Zürich',
      { street: 'Hardstrasse', buildingNumber: '12', postalCode: '8005', town: 'Zürich', country: 'CH' },
    ],
    [
      'Rue du Lac 1268\n2501 Biel',
      { street: 'Rue du Lac', buildingNumber: '1268', postalCode: '2501', town: 'Biel', country: 'CH' },
    ],
    [
      '12 rue de la Gare, 1201 Genève, Suisse',
      { street: 'rue de la Gare', buildingNumber: '12', postalCode: '1201', town: 'Genève', country: 'CH' },
    ],
    [
      'Städtle 3, FL-9490 Vaduz',
      { street: 'Städtle', buildingNumber: '3', postalCode: '9490', town: 'Vaduz', country: 'LI' },
    ],
    [
      'Hauptstr. 5a, D-79539 Lörrach',
      { street: 'Hauptstr.', buildingNumber: '5a', postalCode: '79539', town: 'Lörrach', country: 'DE' },
    ],
    [
      'Postfach, 8021 Zürich',
      { street: 'Postfach', buildingNumber: null, postalCode: '8021', town: 'Zürich', country: 'CH' },
    ],
  ])('%s', (text, expected) => {
    expect(parseAddress('Someone', text)).toEqual({ name: 'Someone', ...expected });
  });

  it('answers null for what it cannot read', () => {
    expect(parseAddress('Someone', 'somewhere in town')).toBeNull();
    expect(parseAddress('Someone', null)).toBeNull();
  });
});

describe('the payment part drawn on the page', () => {
  it('prints 1 949.75 in groups of three', () => {
    expect(slipAmount(194_975)).toBe('1 949.75');
    expect(slipAmount(123_456_789)).toBe('1 234 567.89');
    expect(slipAmount(5)).toBe('0.05');
  });

  it('draws a QR code a scanner reads back to the same payload, with the receipt and payment part texts', async () => {
    const slip = qrBillSlip(SIX_EXAMPLE, 48);
    const pdf = await renderPdf({ content: ['An invoice', ...slip.content] });
    const file = join(dir, 'slip.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', file, join(dir, 'slip')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'slip.png')));
    const code = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    expect(code?.data).toBe(slip.payload);
    expect(code?.data.split('\n')[28]).toBe('210000000003139471430009017');
    // The code is 46 mm wide: at 150 dpi, 46 / 25.4 × 150 ≈ 272 px between the outer finder corners.
    const width = (code?.location.topRightCorner.x ?? 0) - (code?.location.topLeftCorner.x ?? 0);
    expect(width).toBeGreaterThan(262);
    expect(width).toBeLessThan(282);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      'Receipt',
      'Payment part',
      'Account / Payable to',
      'CH44 3199 9123 0008 8901 2',
      'Reference',
      '21 00000 00003 13947 14300 09017',
      'Additional information',
      'Order of 15 June 2020',
      'Payable by',
      'Pia-Maria Rutschmann-Schnyder',
      'Currency',
      'Amount',
      '1 949.75',
      'Acceptance point',
      'Separate before paying in',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/Helvetica-Bold/);
  });

  it('starts a new page when the content reaches into the slip band', async () => {
    const lines = (count: number) => Array.from({ length: count }, (_, i) => `Line ${i + 1}`);
    const pages = async (count: number) => {
      const file = join(dir, `band-${count}.pdf`);
      writeFileSync(file, await renderPdf({ content: [...lines(count), ...qrBillSlip(SIX_EXAMPLE, 48).content] }));
      return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    };
    expect(await pages(20)).toBe(1);
    // 60 lines of 9 pt reach below 192 mm from the top: the slip goes to page 2, alone.
    expect(await pages(60)).toBe(2);
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', join(dir, 'band-60.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Payment part');
    expect(text).not.toContain('Line ');
  });
});
