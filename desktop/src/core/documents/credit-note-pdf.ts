import { formatAmount, formatMoney } from '@forecourt/shared/domain/garage/index';
import type { InvoiceDocument } from './invoice-document.ts';
import { lineTable, signatory, taxSummary } from './invoice-pdf.ts';
import { facts, header, money, partyLines, printedDate, rateText, stateText } from './layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from './pdf-renderer.ts';

/**
 * The credit note PDF. India, CGST rule 53(1A): supplier name, address and GSTIN; the nature of
 * the document ("Credit note"); a consecutive number of at most 16 characters; date of issue;
 * recipient name, address and GSTIN (or state and its code when unregistered); the number and
 * date of the tax invoice it corrects; the taxable value, rate and amount of tax credited;
 * signature. Switzerland (MWSTG art. 26 and 41, a reduction of the consideration): supplier with
 * its UID / MWST number, recipient, date, the invoice corrected, the amount and the VAT credited
 * per rate. The amounts are those the domain froze on the credit note (a copy of the invoice's).
 */
export interface CreditNoteDocument extends InvoiceDocument {
  readonly kind: 'credit_note';
  readonly credited: { readonly number: string; readonly issuedAt: string };
}

export function isCreditNote(doc: InvoiceDocument): doc is CreditNoteDocument {
  return doc.kind === 'credit_note' && doc.credited !== null;
}

/** The invoice this note corrects, in a box of its own: it is what the recipient reconciles against. */
function originalInvoice(doc: CreditNoteDocument): PdfContent {
  const swiss = doc.country === 'CH';
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: swiss ? 'Corrects invoice (Korrektur zu Rechnung)' : 'Original tax invoice', bold: true },
              facts([
                ['Invoice no.', doc.credited.number],
                ['Invoice date', printedDate(doc.credited.issuedAt, doc.timeZone)],
                ['Reason', doc.reason],
              ]),
            ],
          },
        ],
      ],
    },
    layout: { hLineWidth: () => 0.8, vLineWidth: () => 0.8, hLineColor: () => '#333333', vLineColor: () => '#333333' },
    margin: [0, 8, 0, 4],
  };
}

function parties(doc: CreditNoteDocument): PdfContent {
  const vehicle = doc.recipient.vehicle;
  const pairs: Array<readonly [string, string | null]> = [
    ['Credit note no.', doc.number],
    ['Date of issue', printedDate(doc.issuedAt, doc.timeZone)],
    ['Job card', doc.recipient.jobNumber],
    ['Vehicle', vehicle ? [vehicle.registration, vehicle.make, vehicle.model].filter(Boolean).join(' ') : null],
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
        stack: [{ text: 'Recipient', color: '#555555', margin: [0, 0, 0, 2] }, ...partyLines(doc.recipient)],
      },
      { width: 250, stack: [facts(pairs), originalInvoice(doc)] },
    ],
    columnGap: 12,
  };
}

function totals(doc: CreditNoteDocument): PdfContent {
  const rows: PdfContent[][] = [
    ['Taxable value credited', money(doc.taxableMinor, doc.currency)],
    ...doc.taxLines.map((line) => [
      `${line.component} ${rateText(line.rateBp)} credited`,
      money(line.amountMinor, doc.currency),
    ]),
    ['Total tax credited', money(doc.taxMinor, doc.currency)],
    [
      { text: 'Total credited', bold: true },
      { text: formatMoney(doc.totalMinor, doc.currency), bold: true, alignment: 'right' },
    ],
  ];
  return { table: { widths: ['*', 90], body: rows }, layout: 'lightHorizontalLines' };
}

export function creditNoteDefinition(doc: CreditNoteDocument): PdfDefinition {
  const subtitle = doc.country === 'CH' ? 'Gutschrift / Rechnungskorrektur' : 'Issued against a tax invoice';
  return {
    info: { title: `Credit note ${doc.number}`, author: doc.supplier.name },
    content: [
      header(doc.supplier, doc.logoDataUrl, 'CREDIT NOTE', subtitle),
      parties(doc),
      { text: 'Lines credited', bold: true, margin: [0, 10, 0, 0] },
      lineTable(doc),
      {
        columns: [
          { width: '*', stack: [taxSummary(doc, 'Tax credited')] },
          { width: 210, stack: [totals(doc)] },
        ],
        columnGap: 16,
      },
      signatory(doc),
    ],
    footer: (page: number, pages: number) => ({
      text: `Credit note ${doc.number} against invoice ${doc.credited.number} · page ${page} of ${pages} · amounts in ${doc.currency} (${formatAmount(doc.totalMinor, doc.currency)} credited)`,
      alignment: 'center',
      fontSize: 7,
      color: '#777777',
    }),
  };
}

export function renderCreditNotePdf(doc: CreditNoteDocument): Promise<Buffer> {
  return renderPdf(creditNoteDefinition(doc));
}
