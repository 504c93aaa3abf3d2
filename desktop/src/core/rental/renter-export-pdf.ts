import { formatMoney } from '@forecourt/shared/domain/garage/index';
import { facts, GRID_LAYOUT, header, money, printedDate, th } from '../documents/layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from '../documents/pdf-renderer.ts';
import { damagesOf } from '../documents/rental/contract-sections.ts';
import { num, str, type Company } from '../documents/rental/rental-records.ts';
import type { ExportedContract, ExportedRow, RenterExport } from './renter-export.ts';

/**
 * The renter's data export as a PDF a person can read: the same content as the JSON
 * (renter-export.ts), laid out with the rental documents' header and tables. Pictures are listed
 * by what they are and their sha256, not printed: the export is about which data is held.
 */
type Zone = string;

const heading = (text: string): PdfContent => ({ text, bold: true, fontSize: 11, margin: [0, 14, 0, 4] });
const none = (text: string): PdfContent => ({ text, italics: true, color: '#555555' });
const when = (value: unknown, zone: Zone, withTime = true) =>
  typeof value === 'string' && value !== '' ? printedDate(value, zone, withTime) : null;
const grid = (widths: unknown[], body: PdfContent[][]): PdfContent => ({
  table: { headerRows: 1, widths, body },
  layout: GRID_LAYOUT,
  fontSize: 8,
});

function level(value: unknown, ev: boolean): string | null {
  if (typeof value !== 'number') return null;
  return ev ? `${value} % charge` : `${value}/8`;
}

function personBlock(data: RenterExport, zone: Zone): PdfContent[] {
  const r = data.renter;
  if (data.erasure) {
    return [
      heading('The renter'),
      facts([
        ['Record', r.id],
        ['Erased on', when(data.erasure.erasedAt, zone)],
        ['Kept until', data.erasure.retainUntil ? printedDate(data.erasure.retainUntil, zone) : null],
      ]),
    ];
  }
  const joined = (...parts: unknown[]) => parts.map(str).filter(Boolean).join(' · ') || null;
  return [
    heading('The renter'),
    facts([
      ['Name', str(r.name)],
      ['Born', str(r.birth_date)],
      ['Address', str(r.address)],
      ['Mobile', str(r.phone)],
      ['Email', str(r.email)],
      ['ID document', joined(r.id_doc_type, r.id_doc_number, r.id_doc_country, r.id_doc_expires)],
      [
        'Licence',
        joined(r.licence_number, r.licence_country, r.licence_categories, r.licence_issued, r.licence_expires),
      ],
      ['Checked', when(r.checked_at, zone)],
      ['Registered', when(r.created_at, zone)],
      ['Record', r.id],
    ]),
  ];
}

function doNotRentBlock(data: RenterExport, zone: Zone): PdfContent[] {
  const title = heading('Do-not-rent list');
  if (data.doNotRentMatches.length === 0) return [title, none('This renter matches no entry of the do-not-rent list.')];
  return [
    title,
    grid(
      [110, '*', 110, 80],
      [
        [th('Entry'), th('Reason'), th('Matched on'), th('Listed')],
        ...data.doNotRentMatches.map((m) => [
          str(m.name) ?? '',
          str(m.reason) ?? '',
          m.matchedOn.map((key) => key.replace(/_/g, ' ')).join(', '),
          when(m.listedAt, zone, false) ?? '',
        ]),
      ],
    ),
  ];
}

function reservationsBlock(data: RenterExport, zone: Zone): PdfContent[] {
  const title = heading(`Reservations (${data.reservations.length})`);
  if (data.reservations.length === 0) return [title, none('No reservations.')];
  return [
    title,
    grid(
      [90, 90, 90, '*', 70],
      [
        [th('Number'), th('Pickup'), th('Return'), th('Status'), th('Quote', 'right')], // amounts in each booking's currency
        ...data.reservations.map((r) => [
          str(r.number) ?? '',
          when(r.starts_at, zone) ?? '',
          when(r.ends_at, zone) ?? '',
          [str(r.status), str(r.cancel_reason)].filter(Boolean).join(': '),
          money(num(r.quote_minor), String(r.currency)),
        ]),
      ],
    ),
  ];
}

function contractFacts(c: ExportedContract, zone: Zone): PdfContent {
  const currency = String(c.currency);
  const ev = c.vehicle?.fuel_type === 'ev';
  const vehicle = c.vehicle
    ? `${String(c.vehicle.make)} ${String(c.vehicle.model)} (${String(c.vehicle.plate)})`
    : null;
  const pair = (a: string | null, b: string | null) => (a || b ? `out ${a ?? '—'} · in ${b ?? '—'}` : null);
  const km = (value: unknown) => (typeof value === 'number' ? `${value.toLocaleString('en-GB')} km` : null);
  const amount = (value: unknown) => (typeof value === 'number' ? formatMoney(value, currency) : null);
  return {
    columns: [
      facts([
        ['Vehicle', vehicle],
        ['Opened', when(c.opened_at, zone)],
        ['Due', when(c.due_at, zone)],
        ['Returned', when(c.returned_at, zone)],
        ['Closed', when(c.closed_at, zone)],
        ['Cancelled', str(c.cancel_reason)],
      ]),
      facts([
        ['Odometer', pair(km(c.km_out), km(c.km_in))],
        ['Fuel/charge', pair(level(c.fuel_out, ev), level(c.fuel_in, ev))],
        ['Insurance', str(c.insurance)],
        ['Deposit', amount(c.deposit_minor)],
        ['Total', amount(c.total_minor)],
        ['Payable', amount(c.payable_minor)],
        ['Terms', str(c.terms_version)],
      ]),
    ],
    columnGap: 12,
  };
}

function damagesTable(c: ExportedContract): PdfContent {
  const rows = [
    ...damagesOf(c.damages_out).map((d) => ['Pickup', d] as const),
    ...damagesOf(c.damages_in).map((d) => ['Return', d] as const),
  ];
  if (rows.length === 0) return none('No damage recorded.');
  return grid(
    [40, 50, 50, '*', 80],
    [
      [th('When'), th('Type'), th('Severity'), th('Note'), th('Photo')],
      ...rows.map(([at, d]) => [at, d.type, d.severity, d.note ?? '', d.photo ? `${d.photo.slice(0, 12)}…` : '']),
    ],
  );
}

function chargesAndPayments(c: ExportedContract, zone: Zone): PdfContent[] {
  const currency = String(c.currency);
  const charges = Array.isArray(c.charges)
    ? c.charges.filter((line): line is Record<string, unknown> => typeof line === 'object' && line !== null)
    : [];
  const parts: PdfContent[] = [];
  if (charges.length > 0) {
    parts.push(
      grid(
        ['*', 80],
        [
          [th('Charge'), th(`Amount ${currency}`, 'right')],
          ...charges.map((l) => [str(l.label) ?? '', money(num(l.amountMinor), currency)]),
        ],
      ),
    );
  }
  parts.push(
    c.payments.length === 0
      ? none('No payments on this counter.')
      : grid(
          [90, 60, 60, '*', 70],
          [
            [th('Payment'), th('Kind'), th('Method'), th('Status'), th(`Amount ${currency}`, 'right')],
            ...c.payments.map((p: ExportedRow) => [
              when(p.created_at, zone) ?? '',
              str(p.kind) ?? '',
              str(p.method) ?? '',
              str(p.status) ?? '',
              money(num(p.amount_minor), String(p.currency)),
            ]),
          ],
        ),
  );
  return parts.map((part) => ({ stack: [part], margin: [0, 4, 0, 0] }));
}

function contractsBlock(data: RenterExport, zone: Zone): PdfContent[] {
  const title = heading(`Rental contracts (${data.contracts.length})`);
  if (data.contracts.length === 0) return [title, none('No rental contracts.')];
  return [
    title,
    ...data.contracts.map((c) => ({
      stack: [
        { text: `Contract ${String(c.number)} · ${String(c.status)}`, bold: true, margin: [0, 6, 0, 2] },
        contractFacts(c, zone),
        { stack: [damagesTable(c)], margin: [0, 4, 0, 0] },
        ...chargesAndPayments(c, zone),
      ],
    })),
  ];
}

function driverBlock(data: RenterExport, zone: Zone): PdfContent[] {
  if (data.asAdditionalDriver.length === 0) return [];
  return [
    heading('As additional driver'),
    grid(
      [100, 90, 90, '*'],
      [
        [th('Contract'), th('Opened'), th('Returned'), th('Vehicle')],
        ...data.asAdditionalDriver.map((c) => {
          const vehicle = c.vehicle as { plate?: unknown } | null; // the summary driverEntry writes
          return [
            str(c.number) ?? '',
            when(c.opened_at, zone) ?? '',
            when(c.returned_at, zone) ?? '',
            str(vehicle?.plate) ?? '',
          ];
        }),
      ],
    ),
  ];
}

function picturesBlock(data: RenterExport): PdfContent[] {
  const title = heading(`Photos and signatures held (${data.pictures.length})`);
  if (data.pictures.length === 0) return [title, none('None.')];
  return [
    title,
    grid(
      [110, 90, '*'],
      [
        [th('What'), th('Contract'), th('File (sha256)')],
        ...data.pictures.map((p) => [p.role, p.contractNumber, { text: p.sha256, fontSize: 7 }]),
      ],
    ),
  ];
}

function erasureNotice(data: RenterExport): PdfContent[] {
  if (!data.erasure) return [];
  return [
    {
      table: { widths: ['*'], body: [[{ text: data.erasure.notice, bold: true, color: '#8a1c1c' }]] },
      layout: GRID_LAYOUT,
      margin: [0, 0, 0, 4],
    },
  ];
}

export function renterExportDefinition(data: RenterExport, company: Company): PdfDefinition {
  const zone = company.timeZone;
  return {
    info: { title: 'Renter data export', author: company.party.name },
    content: [
      header(company.party, company.logoDataUrl, 'PERSONAL DATA', 'Renter data export'),
      ...erasureNotice(data),
      ...personBlock(data, zone),
      ...doNotRentBlock(data, zone),
      ...reservationsBlock(data, zone),
      ...contractsBlock(data, zone),
      ...driverBlock(data, zone),
      ...picturesBlock(data),
    ],
    footer: (page: number, pages: number) => ({
      text: `Renter data export · made ${printedDate(data.exportedAt, zone, true)} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7,
      color: '#777777',
    }),
  };
}

export function renderRenterExportPdf(data: RenterExport, company: Company): Promise<Buffer> {
  return renderPdf(renterExportDefinition(data, company));
}
