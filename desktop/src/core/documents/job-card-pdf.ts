import { formatMoney, type LineAmounts } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared';
import type { JobSheet } from './job-sheet.ts';
import {
  facts,
  GRID_LAYOUT,
  header,
  money,
  partyLines,
  printedDate,
  rateText,
  right,
  th,
  type PartyLike,
} from './layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from './pdf-renderer.ts';

/**
 * The job card: what the customer hands over and agrees to at intake (customer, vehicle,
 * odometer, fuel, their concern in their words, estimate, advance, promised date), the work
 * found and planned (lines with amounts, draft until invoiced), and signatures. Internal notes
 * are the workshop's own and are not printed.
 */
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function supplierOf(sheet: JobSheet): PartyLike {
  return {
    name: str(sheet.site?.name) ?? '',
    legalName: str(sheet.profile?.legal_name),
    address: str(sheet.site?.address),
    phone: str(sheet.site?.phone),
    email: str(sheet.profile?.email),
    taxId: str(sheet.site?.tax_id),
    stateCode: str(sheet.profile?.state_code),
    country: sheet.country,
  };
}

function customerOf(sheet: JobSheet): PartyLike {
  return {
    name: str(sheet.customer?.name) ?? '',
    address: str(sheet.customer?.address),
    phone: str(sheet.customer?.phone),
    email: str(sheet.customer?.email),
    taxId: str(sheet.customer?.tax_id),
    stateCode: str(sheet.customer?.state_code),
    country: sheet.country,
  };
}

function fuelText(eighths: unknown): string | null {
  if (typeof eighths !== 'number') return null;
  return eighths === 0 ? 'Empty' : eighths === 8 ? 'Full' : `${eighths}/8`;
}

function intake(sheet: JobSheet, zone: string): PdfContent {
  const job = sheet.job;
  const vehicle = sheet.vehicle;
  const advance = sheet.payments
    .filter((p) => p.kind === 'advance' && p.status !== 'failed')
    .reduce((sum, p) => sum + num(p.amount_minor), 0);
  return facts([
    ['Job card', str(job.number)],
    ['Opened', printedDate(String(job.created_at), zone, true)],
    ['Status', String(job.status).replaceAll('_', ' ')],
    [
      'Vehicle',
      vehicle
        ? [vehicle.registration, vehicle.make, vehicle.model, vehicle.year]
            .filter((v) => v !== null && v !== undefined && v !== '')
            .join(' ')
        : null,
    ],
    ['VIN', str(vehicle?.vin)],
    ['Odometer in', typeof job.odometer_in === 'number' ? `${job.odometer_in} km` : null],
    ['Fuel in', fuelText(job.fuel_level_in)],
    ['Key tag', str(job.key_tag)],
    ['Promised', str(job.promised_at) ? printedDate(String(job.promised_at), zone, true) : null],
    ['Estimate', typeof job.estimate_minor === 'number' ? formatMoney(job.estimate_minor, sheet.currency) : null],
    ['Advance paid', advance > 0 ? formatMoney(advance, sheet.currency) : null],
    ['Worker', str(job.worker_name)],
  ]);
}

function textBlock(title: string, value: unknown): PdfContent[] {
  const body = str(value);
  return body ? [{ text: title, bold: true, margin: [0, 8, 0, 2] }, { text: body }] : [];
}

function lines(sheet: JobSheet): PdfContent {
  if (sheet.lines.length === 0) return { text: 'No work lines yet.', italics: true, margin: [0, 8, 0, 0] };
  const row = ({ row: line, amounts }: { row: Row; amounts: LineAmounts }) => [
    {
      stack: [
        String(line.description),
        ...(str(line.technician_name)
          ? [{ text: `by ${String(line.technician_name)}`, fontSize: 7, color: '#555555' }]
          : []),
      ],
    },
    String(line.kind),
    str(line.hsn_sac) ?? '',
    right(String(num(line.quantity_milli) / 1000)),
    money(num(line.unit_price_minor), sheet.currency),
    money(amounts.taxableMinor, sheet.currency),
    right(rateText(num(line.tax_rate_bp))),
    money(amounts.totalMinor, sheet.currency),
  ];
  return {
    table: {
      headerRows: 1,
      widths: ['*', 40, 44, 34, 60, 66, 40, 66],
      body: [
        [
          th('Work / part'),
          th('Kind'),
          th('HSN/SAC'),
          th('Qty', 'right'),
          th('Rate', 'right'),
          th('Taxable', 'right'),
          th('Tax', 'right'),
          th('Amount', 'right'),
        ],
        ...sheet.lines.map(row),
        [
          { text: sheet.activeInvoice ? 'Total (invoiced)' : 'Total (draft, before invoice)', colSpan: 7, bold: true },
          '',
          '',
          '',
          '',
          '',
          '',
          { text: formatMoney(sheet.totals.totalMinor, sheet.currency), bold: true, alignment: 'right' },
        ],
      ],
    },
    layout: GRID_LAYOUT,
    fontSize: 8,
    margin: [0, 10, 0, 0],
  };
}

export function jobCardDefinition(sheet: JobSheet, generatedAt: string): PdfDefinition {
  const zone = str(sheet.site?.timezone) ?? 'UTC';
  const number = str(sheet.job.number) ?? '';
  return {
    info: { title: `Job card ${number}` },
    content: [
      header(supplierOf(sheet), str(sheet.profile?.logo_data_url), 'JOB CARD', number),
      {
        columns: [
          { width: '*', stack: [{ text: 'Customer', color: '#555555' }, ...partyLines(customerOf(sheet))] },
          { width: 250, stack: [intake(sheet, zone)] },
        ],
        columnGap: 12,
      },
      ...textBlock("Customer's concern", sheet.job.concern),
      ...textBlock('Findings', sheet.job.findings),
      ...textBlock('Parts required', sheet.job.parts_required),
      lines(sheet),
      {
        columns: [
          {
            width: '*',
            stack: [
              { text: '\n\n\n______________________________' },
              { text: 'Customer signature (vehicle handed over, estimate agreed)', fontSize: 8 },
            ],
          },
          {
            width: '*',
            stack: [
              { text: '\n\n\n______________________________', alignment: 'right' },
              { text: `For ${str(sheet.site?.name) ?? ''}`, fontSize: 8, alignment: 'right' },
            ],
          },
        ],
        margin: [0, 24, 0, 0],
      },
      { text: str(sheet.profile?.document_footer) ?? '', fontSize: 8, color: '#555555', margin: [0, 16, 0, 0] },
    ],
    footer: (page: number, pages: number) => ({
      text: `Job card ${number} · printed ${printedDate(generatedAt, zone, true)} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7,
      color: '#777777',
    }),
  };
}

export function renderJobCardPdf(sheet: JobSheet, generatedAt: string): Promise<Buffer> {
  return renderPdf(jobCardDefinition(sheet, generatedAt));
}
