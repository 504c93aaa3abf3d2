import { DomainError } from '@forecourt/shared';
import { defaultRateBp, formatMoney, isTaxCountry, mulDivRound } from '@forecourt/shared/domain/garage/index';
import { classRates, extraCharge, extrasFrom, rentalDays, timeCharge } from '@forecourt/shared/domain/rental/index';
import { facts, GRID_LAYOUT, header, money, partyLines, printedDate, rateText, th } from '../layout.ts';
import { renderPdf, type PdfContent, type PdfDefinition } from '../pdf-renderer.ts';
import { qrBillSlip } from './qr-bill-slip.ts';
import { rentalQrBill, type SlipOutcome } from './rental-invoice.ts';
import { num, renterParty, str, type ReservationRecord } from './rental-records.ts';

/**
 * The reservation confirmation: who, what (class, the vehicle if one is assigned, extras), when
 * and where (pickup and return site and time), the quote with the VAT it contains, the deposit
 * to bring. The quote is the stored one; its lines are worked out again with the shared pricing
 * and shown only when they still add up to it (rates may have changed since the booking).
 * While the booking stands (tentative or confirmed) and a deposit is quoted, the foot of the last
 * page is a Swiss QR-bill for it, its reference made from the reservation number; nothing due
 * (no deposit, a cancelled, lapsed or collected booking), no QR-bill.
 */
const BOTTOM_MARGIN = 48;
const OPEN_STATUSES = new Set(['tentative', 'confirmed']);

/** The amount the confirmation asks for in advance: the quoted deposit of a booking that stands. */
export function reservationAmountDue(record: ReservationRecord): number {
  return OPEN_STATUSES.has(String(record.reservation.status)) ? Math.max(0, num(record.reservation.deposit_minor)) : 0;
}

function depositSlip(record: ReservationRecord): SlipOutcome | null {
  const due = reservationAmountDue(record);
  if (due <= 0) return null;
  const number = str(record.reservation.number) ?? '';
  return rentalQrBill(
    record.company,
    record.renter,
    { number, message: `Deposit, reservation ${number}` },
    String(record.reservation.currency),
    due,
  );
}

function depositNotice(record: ReservationRecord, outcome: SlipOutcome | null): PdfContent[] {
  if (!outcome) return [];
  const amount = formatMoney(reservationAmountDue(record), String(record.reservation.currency));
  if ('missing' in outcome)
    return [
      {
        text: `The deposit of ${amount} is taken at pickup. No QR-bill for it: ${outcome.missing}.`,
        italics: true,
        color: '#555555',
        margin: [0, 10, 0, 0],
      },
    ];
  return [
    {
      text: `Deposit due before pickup: ${amount}, with the QR-bill below. It is refunded after the return, less any charges.`,
      margin: [0, 10, 0, 0],
    },
  ];
}
interface QuoteLine {
  readonly label: string;
  readonly amountMinor: number;
}

function quoteLines(record: ReservationRecord): QuoteLine[] | null {
  const { reservation, rentalClass } = record;
  if (!rentalClass) return null;
  const codes = Array.isArray(reservation.extras)
    ? reservation.extras.filter((c): c is string => typeof c === 'string')
    : [];
  try {
    const days = rentalDays(String(reservation.starts_at), String(reservation.ends_at));
    const rates = classRates(rentalClass, record.vehicle);
    const lines = [
      {
        label: `Rental ${days} day${days === 1 ? '' : 's'} (${String(rentalClass.name)})`,
        amountMinor: timeCharge(rates, days),
      },
      ...extrasFrom(record.accessories, codes).map((extra) => ({
        label: extra.name,
        amountMinor: extraCharge(extra, days),
      })),
    ];
    const sum = lines.reduce((total, line) => total + line.amountMinor, 0);
    return sum === num(reservation.quote_minor) ? lines : null;
  } catch (error) {
    // An extra no longer offered, or a class without rates: the stored quote is printed alone.
    if (error instanceof DomainError) return null;
    throw error;
  }
}

function quoteTable(record: ReservationRecord, depositInAdvance: boolean): PdfContent {
  const { reservation, company } = record;
  const currency = String(reservation.currency);
  const quote = num(reservation.quote_minor);
  const localDate = String(reservation.starts_at).slice(0, 10);
  const rateBp = isTaxCountry(company.country) ? defaultRateBp(company.country, localDate) : 0;
  const vat = mulDivRound(quote, rateBp, 10_000 + rateBp);
  const lines = quoteLines(record) ?? [{ label: 'Rental as booked', amountMinor: quote }];
  return {
    table: {
      headerRows: 1,
      widths: ['*', 100],
      body: [
        [th('Quote'), th(`Amount ${currency}`, 'right')],
        ...lines.map((line) => [line.label, money(line.amountMinor, currency)]),
        [
          { text: 'Total incl. VAT', bold: true },
          { text: formatMoney(quote, currency), bold: true, alignment: 'right' },
        ],
        [`VAT ${rateText(rateBp)} included`, money(vat, currency)],
        [
          depositInAdvance ? 'Deposit (refundable)' : 'Deposit at pickup (refundable)',
          money(num(reservation.deposit_minor), currency),
        ],
      ],
    },
    layout: GRID_LAYOUT,
    margin: [0, 12, 0, 0],
  };
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  tentative: 'Provisional: not yet confirmed by the head office',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  no_show: 'Not collected (no-show)',
  converted: 'Collected: see the rental contract',
};

const SUBTITLE: Readonly<Record<string, string>> = { tentative: 'Provisional', confirmed: 'Confirmation' };

/** The renter, and what is booked when and where. */
function bookingBlock(record: ReservationRecord): PdfContent {
  const { reservation, company } = record;
  const zone = company.timeZone;
  const number = str(reservation.number) ?? '';
  const vehicle = record.vehicle;
  const status = String(reservation.status);
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: 'Renter', color: '#555555', margin: [0, 0, 0, 2] },
          ...partyLines(renterParty(record.renter, company.country)),
        ],
      },
      {
        width: 260,
        stack: [
          facts([
            ['Reservation no.', number],
            ['Status', STATUS_TEXT[status] ?? status],
            ['Pickup', `${printedDate(String(reservation.starts_at), zone, true)} · ${str(company.site?.name) ?? ''}`],
            [
              'Return',
              `${printedDate(String(reservation.ends_at), zone, true)} · ${str(record.returnSite?.name) ?? ''}`,
            ],
            ['Pickup address', str(company.site?.address)],
            ['Class', record.rentalClass ? `${String(record.rentalClass.name)} or similar` : null],
            ['Vehicle', vehicle ? `${String(vehicle.make)} ${String(vehicle.model)} (${String(vehicle.plate)})` : null],
            ['Cancelled', str(reservation.cancel_reason)],
          ]),
        ],
      },
    ],
    columnGap: 12,
  };
}

export function reservationDefinition(record: ReservationRecord, printedAt: string): PdfDefinition {
  const { reservation, company } = record;
  const zone = company.timeZone;
  const number = str(reservation.number) ?? '';
  const status = String(reservation.status);
  const outcome = depositSlip(record);
  const slip = outcome && 'bill' in outcome ? qrBillSlip(outcome.bill, BOTTOM_MARGIN) : null;
  return {
    info: { title: `Reservation ${number}`, author: company.party.name },
    pageMargins: [36, 36, 36, BOTTOM_MARGIN],
    content: [
      header(company.party, company.logoDataUrl, 'RESERVATION', SUBTITLE[status] ?? null),
      bookingBlock(record),
      quoteTable(record, slip !== null),
      ...depositNotice(record, outcome),
      {
        text:
          'Please bring your driving licence and an ID document or passport. The final price is worked out at the return ' +
          '(extra days, kilometres over the included, refuelling).',
        margin: [0, 14, 0, 0],
      },
      ...(company.footer ? [{ text: company.footer, fontSize: 8, color: '#555555', margin: [0, 14, 0, 0] }] : []),
      ...(slip ? slip.content : []),
    ],
    // The slip's band is the foot of the last page: no page line there.
    footer: (page: number, pages: number) =>
      slip && page === pages
        ? null
        : {
            text: `Reservation ${number} · printed ${printedDate(printedAt, zone, true)} · page ${page} of ${pages}`,
            alignment: 'center',
            fontSize: 7,
            color: '#777777',
          },
  };
}

export function renderReservationPdf(record: ReservationRecord, printedAt: string): Promise<Buffer> {
  return renderPdf(reservationDefinition(record, printedAt));
}
