import { formatAmount, formatMoney, type LineSnapshot } from '@forecourt/shared/domain/garage/index';
import type { InvoiceDocument } from './invoice-document.ts';
import {
  facts,
  GRID_LAYOUT,
  header,
  money,
  partyLines,
  printedDate,
  rateText,
  right,
  stateText,
  th,
} from './layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from './pdf-renderer.ts';

/**
 * The invoice PDF (a credit note has its own: credit-note-pdf.ts). India, GST rule 46: supplier name, address and GSTIN;
 * consecutive number of at most 16 characters; date; recipient name, address and GSTIN (or
 * state); HSN/SAC; description, quantity, taxable value after discount; rate and amount of CGST
 * and SGST or IGST; place of supply with the state's name; reverse charge; signature. Switzerland
 * (MWSTG art. 26): supplier and its UID/MWST number, recipient, date, the supply, the price, each
 * VAT rate with its amount. Plus the workshop's logo and, in India, a UPI QR code for the balance.
 */
const qty = (milli: number): string => String(milli / 1000);

function titles(doc: InvoiceDocument): { title: string; subtitle: string | null } {
  return doc.country === 'IN'
    ? { title: 'TAX INVOICE', subtitle: 'Original for recipient' }
    : { title: 'INVOICE', subtitle: 'Rechnung' };
}

/** The lines with their HSN/SAC, quantity, taxable value and each line's tax (shared with the credit note). */
export function lineTable(doc: InvoiceDocument): PdfContent {
  const taxHeader =
    doc.country === 'CH' ? 'VAT' : doc.taxLines.some((line) => line.component === 'IGST') ? 'IGST' : 'CGST + SGST';
  const row = (line: LineSnapshot) => [
    String(line.position),
    {
      stack: [
        line.description,
        ...(line.partNumber ? [{ text: `Part ${line.partNumber}`, color: '#555555', fontSize: 8 }] : []),
      ],
    },
    line.hsnSac ?? '',
    right(qty(line.quantityMilli)),
    money(line.unitPriceMinor, doc.currency),
    money(line.discountMinor, doc.currency),
    money(line.taxableMinor, doc.currency),
    right(line.taxes.map((tax) => `${tax.component} ${rateText(tax.rateBp)}`).join('\n')),
    right(line.taxes.map((tax) => formatAmount(tax.amountMinor, doc.currency)).join('\n')),
    money(line.totalMinor, doc.currency),
  ];
  return {
    table: {
      headerRows: 1,
      widths: [12, '*', 36, 22, 48, 38, 52, 46, 42, 52],
      body: [
        [
          th('#'),
          th('Description'),
          th(doc.country === 'IN' ? 'HSN/SAC' : 'Code'),
          th('Qty', 'right'),
          th('Rate', 'right'),
          th('Discount', 'right'),
          th('Taxable value', 'right'),
          th(taxHeader, 'right'),
          th('Tax amount', 'right'),
          th('Amount', 'right'),
        ],
        ...doc.lines.map(row),
      ],
    },
    layout: GRID_LAYOUT,
    fontSize: 8,
    margin: [0, 8, 0, 8],
  };
}

/** Tax by component and rate: the split the invoice (or credit note) records. */
export function taxSummary(doc: InvoiceDocument, amountHeader = 'Tax amount'): PdfContent {
  return {
    table: {
      headerRows: 1,
      widths: ['*', 50, 80, 80],
      body: [
        [th('Tax'), th('Rate', 'right'), th('Taxable value', 'right'), th(amountHeader, 'right')],
        ...doc.taxLines.map((line) => [
          line.component,
          right(rateText(line.rateBp)),
          money(line.taxableMinor, doc.currency),
          money(line.amountMinor, doc.currency),
        ]),
      ],
    },
    layout: GRID_LAYOUT,
  };
}

function totals(doc: InvoiceDocument): PdfContent {
  const rows: PdfContent[][] = [
    ['Taxable value', money(doc.taxableMinor, doc.currency)],
    ...doc.taxLines.map((line) => [
      `${line.component} ${rateText(line.rateBp)}`,
      money(line.amountMinor, doc.currency),
    ]),
    [
      { text: 'Total', bold: true },
      { text: formatMoney(doc.totalMinor, doc.currency), bold: true, alignment: 'right' },
    ],
  ];
  rows.push(['Paid', money(doc.paidMinor, doc.currency)]);
  rows.push([
    { text: 'Balance due', bold: true },
    { text: formatMoney(doc.balanceMinor, doc.currency), bold: true, alignment: 'right' },
  ]);
  return { table: { widths: ['*', 90], body: rows }, layout: 'lightHorizontalLines' };
}

function parties(doc: InvoiceDocument): PdfContent {
  const issued = printedDate(doc.issuedAt, doc.timeZone);
  const vehicle = doc.recipient.vehicle;
  const pairs: Array<readonly [string, string | null]> = [
    ['Invoice no.', doc.number],
    ['Date', issued],
    ['Job card', doc.recipient.jobNumber],
    ['Vehicle', vehicle ? [vehicle.registration, vehicle.make, vehicle.model].filter(Boolean).join(' ') : null],
    ['VIN', vehicle?.vin ?? null],
    ['Odometer', typeof vehicle?.odometer === 'number' ? `${vehicle.odometer} km` : null],
    ...(doc.country === 'IN'
      ? ([
          ['Place of supply', stateText(doc.placeOfSupply)],
          ['Reverse charge', 'No'],
        ] as const)
      : []),
  ];
  return {
    columns: [
      {
        width: '*',
        stack: [{ text: 'Bill to', color: '#555555', margin: [0, 0, 0, 2] }, ...partyLines(doc.recipient)],
      },
      { width: 270, stack: [facts(pairs)] },
    ],
    columnGap: 12,
  };
}

/** The workshop's footer text beside "For <supplier> … Authorised signatory" (invoices and credit notes). */
export function signatory(doc: InvoiceDocument): PdfContent {
  return {
    columns: [
      { width: '*', text: doc.footer ?? '', fontSize: 8, color: '#555555' },
      {
        width: 180,
        stack: [
          { text: `For ${doc.supplier.name}`, alignment: 'right' },
          { text: '\n\nAuthorised signatory', alignment: 'right' },
        ],
      },
    ],
    margin: [0, 24, 0, 0],
  };
}

export function invoiceDefinition(doc: InvoiceDocument): PdfDefinition {
  const { title, subtitle } = titles(doc);
  const qr: PdfContent = doc.upiUri
    ? {
        stack: [
          { qr: doc.upiUri, fit: 110 },
          {
            text: `Scan to pay ${formatMoney(doc.balanceMinor, doc.currency)} by UPI`,
            fontSize: 8,
            margin: [0, 4, 0, 0],
          },
        ],
      }
    : { text: '' };
  return {
    info: { title: `${title} ${doc.number}`, author: doc.supplier.name },
    content: [
      header(doc.supplier, doc.logoDataUrl, title, subtitle),
      parties(doc),
      lineTable(doc),
      {
        columns: [
          { width: '*', stack: [taxSummary(doc), { text: ' ' }, qr] },
          { width: 200, stack: [totals(doc)] },
        ],
        columnGap: 16,
      },
      signatory(doc),
    ],
    footer: (page: number, pages: number) => ({
      text: `${doc.number} · page ${page} of ${pages} · amounts in ${doc.currency} (${formatAmount(doc.totalMinor, doc.currency)})`,
      alignment: 'center',
      fontSize: 7,
      color: '#777777',
    }),
  };
}

export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  return renderPdf(invoiceDefinition(doc));
}
