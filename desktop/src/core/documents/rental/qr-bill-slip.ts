import type { PdfContent, PdfNode } from '../pdf-renderer.ts';
import { qrBillPayload, type QrAddress, type QrBill } from './qr-bill-payload.ts';
import { MM, qrCodeShapes } from './qr-code-canvas.ts';
import { compactIban, groupedInFours, groupedQrReference } from './qr-references.ts';

/**
 * The payment part with receipt (SIX IG QR-bill v2.3, section 3), at the foot of the last page:
 * 210 × 105 mm, the receipt 62 mm wide on the left, the payment part 148 mm, 5 mm margins, the
 * QR code 46 × 46 mm at 67 mm / 17 mm with its 5 mm quiet zone, headings 6 pt (receipt) and 8 pt
 * (payment part) bold, values 8 pt and 10 pt, in Helvetica (Roboto is not an allowed typeface).
 * Dashed lines mark where to cut, with the notice above them, as the PDF is not perforated.
 */
const PAGE_HEIGHT_MM = 297;
const SLIP_TOP_MM = PAGE_HEIGHT_MM - 105;
const RECEIPT_WIDTH_MM = 62;

/** What the built-in Helvetica (WinAnsi) can print: other letters without their accents, else '?'. */
const WIN_ANSI =
  /^[\u0020-\u007E\u00A0-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u20AC]$/;
const SPELT: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
  Ș: 'S',
  ș: 's',
  Ț: 'T',
  ț: 't',
};
export function printableInHelvetica(text: string): string {
  return [...text]
    .map((char) => {
      if (WIN_ANSI.test(char)) return char;
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return WIN_ANSI.test(base) ? base : (SPELT[char] ?? '?');
    })
    .join('');
}

/** "1 949.75": the amount as printed on the slip (thin groups of three, no currency). */
export function slipAmount(amountMinor: number): string {
  const whole = String(Math.floor(amountMinor / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${whole}.${String(amountMinor % 100).padStart(2, '0')}`;
}

function addressText(address: QrAddress): string[] {
  const street = [address.street, address.buildingNumber].filter(Boolean).join(' ');
  const place = `${address.country === 'CH' ? '' : `${address.country}-`}${address.postalCode} ${address.town}`;
  return [address.name, ...(street ? [street] : []), place];
}

function referenceText(bill: QrBill): string | null {
  if (bill.reference.type === 'NON') return null;
  const compact = bill.reference.value.replace(/\s+/g, '').toUpperCase();
  return bill.reference.type === 'QRR' ? groupedQrReference(compact) : groupedInFours(compact);
}

const at = (xMm: number, yMm: number) => ({ x: xMm * MM, y: (SLIP_TOP_MM + yMm) * MM });

/** A heading and its lines, as a fixed-width block placed at (x, y) mm from the slip's top-left. */
function block(xMm: number, yMm: number, widthMm: number, lines: PdfContent[]): PdfNode {
  return { columns: [{ width: widthMm * MM, stack: lines }], absolutePosition: at(xMm, yMm), font: 'Helvetica' };
}

function section(heading: string, values: string[], headingPt: number, valuePt: number): PdfContent[] {
  return [
    { text: heading, bold: true, fontSize: headingPt, lineHeight: 1.1 },
    ...values.map((value) => ({ text: printableInHelvetica(value), fontSize: valuePt, lineHeight: 1.1 })),
    { text: ' ', fontSize: valuePt * 0.9 },
  ];
}

/** The corner marks of a field left blank for the payer to fill in (3 mm arms, 0.75 pt). */
function cornerShapes(widthMm: number, heightMm: number): PdfNode[] {
  const w = widthMm * MM;
  const h = heightMm * MM;
  const arm = 3 * MM;
  const corner = (points: Array<[number, number]>) => ({
    type: 'polyline',
    points: points.map(([x, y]) => ({ x, y })),
    lineWidth: 0.75,
    lineColor: '#000000',
  });
  return [
    corner([
      [0, arm],
      [0, 0],
      [arm, 0],
    ]),
    corner([
      [w - arm, 0],
      [w, 0],
      [w, arm],
    ]),
    corner([
      [0, h - arm],
      [0, h],
      [arm, h],
    ]),
    corner([
      [w - arm, h],
      [w, h],
      [w, h - arm],
    ]),
  ];
}

const cornerMarks = (xMm: number, yMm: number, widthMm: number, heightMm: number): PdfNode => ({
  canvas: cornerShapes(widthMm, heightMm),
  absolutePosition: at(xMm, yMm),
});

function partyLines(bill: QrBill, small: boolean): PdfContent[] {
  const [headingPt, valuePt] = small ? [6, 8] : [8, 10];
  const reference = referenceText(bill);
  return [
    ...section(
      'Account / Payable to',
      [groupedInFours(compactIban(bill.account)), ...addressText(bill.creditor)],
      headingPt,
      valuePt,
    ),
    ...(reference ? section('Reference', [reference], headingPt, valuePt) : []),
    ...(!small && bill.message ? section('Additional information', [bill.message], headingPt, valuePt) : []),
    ...(bill.debtor
      ? section('Payable by', addressText(bill.debtor), headingPt, valuePt)
      : [
          { text: 'Payable by (name/address)', bold: true, fontSize: headingPt, margin: [0, 0, 0, 2] },
          { canvas: small ? cornerShapes(52, 20) : cornerShapes(65, 25) },
        ]),
  ];
}

function amountBlock(bill: QrBill, xMm: number, small: boolean): PdfNode[] {
  const [headingPt, valuePt] = small ? [6, 8] : [8, 10];
  const heading = (text: string) => ({ text, bold: true, fontSize: headingPt });
  const amount = bill.amountMinor === null ? ' ' : slipAmount(bill.amountMinor);
  const nodes: PdfNode[] = [
    block(xMm, 68, 15, [heading('Currency'), { text: bill.currency, fontSize: valuePt }]),
    block(xMm + 15, 68, 30, [heading('Amount'), { text: amount, fontSize: valuePt }]),
  ];
  if (bill.amountMinor === null) {
    nodes.push(small ? cornerMarks(xMm + 22, 71, 30, 10) : cornerMarks(xMm + 11, 72, 40, 15));
  }
  return nodes;
}

function cutLines(): PdfNode {
  const top = SLIP_TOP_MM * MM;
  const dashed = { lineWidth: 0.5, dash: { length: 3, space: 2 }, lineColor: '#000000' };
  return {
    canvas: [
      { type: 'line', x1: 0, y1: 0, x2: 210 * MM, y2: 0, ...dashed },
      { type: 'line', x1: RECEIPT_WIDTH_MM * MM, y1: 0, x2: RECEIPT_WIDTH_MM * MM, y2: 105 * MM, ...dashed },
    ],
    absolutePosition: { x: 0, y: top },
  };
}

function slipNodes(bill: QrBill, payload: string): PdfNode[] {
  const payLeft = RECEIPT_WIDTH_MM + 5;
  return [
    cutLines(),
    {
      text: 'Separate before paying in',
      fontSize: 7,
      font: 'Helvetica',
      alignment: 'center',
      absolutePosition: { x: 0, y: (SLIP_TOP_MM - 4) * MM },
    },
    block(5, 5, 52, [{ text: 'Receipt', bold: true, fontSize: 11, margin: [0, 0, 0, 8] }, ...partyLines(bill, true)]),
    ...amountBlock(bill, 5, true),
    block(5, 82, 52, [{ text: 'Acceptance point', bold: true, fontSize: 6, alignment: 'right' }]),
    block(payLeft, 5, 51, [{ text: 'Payment part', bold: true, fontSize: 11 }]),
    { canvas: qrCodeShapes(payload, 46), absolutePosition: at(payLeft, 17) },
    ...amountBlock(bill, payLeft, false),
    block(payLeft + 51, 5, 87, partyLines(bill, false)),
  ];
}

/**
 * The slip as the last blocks of a document: a blank canvas as tall as the slip band (a canvas is
 * never split, so it starts a new page when the band is taken), then the slip's parts placed
 * absolutely on the page that canvas ended on. Not an `unbreakable` stack: pdfmake shifts
 * absolute positions inside one by the stack's own origin. The payload is built (and so checked)
 * here; the caller gets it back for its records and tests.
 */
export function qrBillSlip(bill: QrBill, bottomMarginPt: number): { content: PdfContent[]; payload: string } {
  const payload = qrBillPayload(bill);
  const band = PAGE_HEIGHT_MM * MM - bottomMarginPt - SLIP_TOP_MM * MM;
  return {
    payload,
    content: [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 0, y2: band, lineWidth: 0, lineColor: '#ffffff' }] },
      ...slipNodes(bill, payload),
    ],
  };
}
