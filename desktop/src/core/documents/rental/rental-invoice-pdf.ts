import { formatAmount, formatMoney } from '@forecourt/shared/domain/garage/index';
import { facts, GRID_LAYOUT, header, money, partyLines, printedDate, rateText, th } from '../layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from '../pdf-renderer.ts';
import { qrBillSlip } from './qr-bill-slip.ts';
import {
  rentalInvoiceFigures,
  rentalInvoiceNumber,
  rentalQrBill,
  type RentalInvoiceFigures,
  type SlipOutcome,
} from './rental-invoice.ts';
import { renterParty, str, type ContractRecord } from './rental-records.ts';

/**
 * The rental invoice (MWSTG art. 26: supplier with its UID/MWST number, recipient, date and
 * period of the supply, what was supplied, the price, the VAT rate and the VAT it contains) with
 * the Swiss QR-bill for the balance at the foot of its last page, or a line saying why not.
 */
const BOTTOM_MARGIN = 48;

function chargesTable(figures: RentalInvoiceFigures, currency: string): PdfContent {
  return {
    table: {
      headerRows: 1,
      widths: [16, '*', 90],
      body: [
        [th('#'), th('Description'), th(`Amount ${currency}`, 'right')],
        ...figures.lines.map((line, i) => [String(i + 1), line.label, money(line.amountMinor, currency)]),
      ],
    },
    layout: GRID_LAYOUT,
    margin: [0, 10, 0, 8],
  };
}

function totalsTable(figures: RentalInvoiceFigures, currency: string): PdfContent {
  const bold = (text: string, alignment: 'left' | 'right' = 'left') => ({ text, bold: true, alignment });
  const rows: PdfContent[][] = [
    [bold('Total incl. VAT'), bold(formatMoney(figures.totalMinor, currency), 'right')],
    [`VAT ${rateText(figures.vatRateBp)} included`, money(figures.vatMinor, currency)],
    ['Net of VAT', money(figures.totalMinor - figures.vatMinor, currency)],
    ['Deposit and payments', money(-figures.paidBeforeMinor, currency)],
  ];
  if (figures.roundingMinor !== 0) rows.push(['Cash rounding (0.05)', money(figures.roundingMinor, currency)]);
  rows.push([
    bold(figures.payableMinor < 0 ? 'To refund' : 'Payable'),
    bold(formatMoney(Math.abs(figures.payableMinor), currency), 'right'),
  ]);
  if (figures.paidSinceMinor !== 0) {
    rows.push(['Paid since', money(-figures.paidSinceMinor, currency)]);
    rows.push([bold('Balance due'), bold(formatMoney(Math.max(0, figures.balanceMinor), currency), 'right')]);
  }
  return { table: { widths: ['*', 100], body: rows }, layout: 'lightHorizontalLines' };
}

function slipNotice(outcome: SlipOutcome): PdfContent {
  if ('bill' in outcome) return { text: '' };
  return {
    text: `No QR-bill on this invoice: ${outcome.missing}.`,
    italics: true,
    color: '#555555',
    margin: [0, 12, 0, 0],
  };
}

/** The renter, and the invoice's number, date, period, vehicle and kilometres. */
function billTo(record: ContractRecord): PdfContent {
  const { contract, company } = record;
  const zone = company.timeZone;
  const invoice = rentalInvoiceNumber(contract);
  const vehicle = record.vehicle;
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: 'Bill to', color: '#555555', margin: [0, 0, 0, 2] },
          ...partyLines(renterParty(record.renter, company.country)),
        ],
      },
      {
        width: 250,
        stack: [
          facts([
            ['Invoice no.', invoice.number],
            ['Date', printedDate(String(contract.closed_at), zone)],
            ['Contract no.', invoice.legacy ? null : str(contract.number)],
            [
              'Rental',
              `${printedDate(String(contract.opened_at), zone, true)} – ${contract.returned_at ? printedDate(String(contract.returned_at), zone, true) : ''}`,
            ],
            ['Vehicle', vehicle ? `${String(vehicle.plate)} ${String(vehicle.make)} ${String(vehicle.model)}` : null],
            [
              'Km',
              typeof contract.km_in === 'number' ? `${String(contract.km_out)} – ${String(contract.km_in)}` : null,
            ],
          ]),
        ],
      },
    ],
    columnGap: 12,
  };
}

export function rentalInvoiceDefinition(record: ContractRecord): { definition: PdfDefinition; payload: string | null } {
  const { contract, company } = record;
  const figures = rentalInvoiceFigures(record);
  const currency = String(contract.currency);
  const { number, legacy } = rentalInvoiceNumber(contract);
  const message = legacy ? `Rental ${number}` : `Invoice ${number}, rental ${str(contract.number) ?? ''}`;
  const outcome = rentalQrBill(company, record.renter, { number, message, legacy }, currency, figures.balanceMinor);
  const slip = 'bill' in outcome ? qrBillSlip(outcome.bill, BOTTOM_MARGIN) : null;
  const definition: PdfDefinition = {
    info: { title: `Invoice ${number}`, author: company.party.name },
    pageMargins: [36, 36, 36, BOTTOM_MARGIN],
    content: [
      header(company.party, company.logoDataUrl, 'INVOICE', 'Rechnung'),
      billTo(record),
      chargesTable(figures, currency),
      {
        columns: [
          { width: '*', text: '' },
          { width: 230, stack: [totalsTable(figures, currency)] },
        ],
      },
      slipNotice(outcome),
      ...(company.footer ? [{ text: company.footer, fontSize: 8, color: '#555555', margin: [0, 14, 0, 0] }] : []),
      ...(slip ? slip.content : []),
    ],
    // The slip's band is the foot of the last page: no page line there.
    footer: (page: number, pages: number) =>
      slip && page === pages
        ? null
        : {
            text: `Invoice ${number} · page ${page} of ${pages} · amounts in ${currency} (${formatAmount(figures.totalMinor, currency)})`,
            alignment: 'center',
            fontSize: 7,
            color: '#777777',
          },
  };
  return { definition, payload: slip?.payload ?? null };
}

export function renderRentalInvoicePdf(record: ContractRecord): Promise<Buffer> {
  return renderPdf(rentalInvoiceDefinition(record).definition);
}
