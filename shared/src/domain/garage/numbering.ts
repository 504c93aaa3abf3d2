import { DomainError } from '../../errors.ts';
import type { TaxCountry } from './tax-rates.ts';

/**
 * Legal document numbers (DESIGN §4.5): assigned at finalisation from a series per device and
 * fiscal year, strictly consecutive, never renumbered, at most 16 characters (Indian GST rule 46).
 * The fiscal year starts on 1 April in India (2026-27 → "2627") and 1 January in Switzerland
 * ("2026"), judged by the workshop's local date.
 */
export const MAX_NUMBER_LENGTH = 16;
/** Fewer digits than this would exhaust a busy counter's series within a year (credit notes are rarer). */
const MIN_SEQUENCE_DIGITS: Readonly<Record<DocumentKind, number>> = { invoice: 4, credit_note: 3 };

export type DocumentKind = 'invoice' | 'credit_note';

export interface FiscalYear {
  /** "2627" (India 2026-27), "2026" (Switzerland). */
  readonly label: string;
  /** Two characters for the compact number form: "26". */
  readonly shortLabel: string;
  readonly start: string;
  readonly end: string;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function fiscalYear(country: TaxCountry, date: string): FiscalYear {
  const year = Number(date.slice(0, 4));
  if (country === 'CH') {
    return { label: String(year), shortLabel: String(year).slice(2), start: `${year}-01-01`, end: `${year}-12-31` };
  }
  const startYear = date.slice(5) >= '04-01' ? year : year - 1;
  const two = (y: number) => String(y % 100).padStart(2, '0');
  return {
    label: `${two(startYear)}${two(startYear + 1)}`,
    shortLabel: two(startYear),
    start: `${startYear}-04-01`,
    end: `${startYear + 1}-03-31`,
  };
}

/** The key of a series in the device's sequences and in invoices.series: one per kind, device, year. */
export function seriesKey(kind: DocumentKind, deviceCode: string, fy: FiscalYear): string {
  return `${kind === 'invoice' ? 'inv' : 'cn'}:${deviceCode}:${fy.label}`;
}

/**
 * The number's fixed prefix for a device code: `BLR1A/2627/` while that leaves room for 4 digits
 * or more, then shorter forms (no slashes, then a two-digit year) for long device codes. Credit notes carry a C before the digits.
 */
export function numberPrefix(kind: DocumentKind, deviceCode: string, fy: FiscalYear): string {
  const marker = kind === 'credit_note' ? 'C' : '';
  const candidates = [
    `${deviceCode}/${fy.label}/${marker}`,
    `${deviceCode}${fy.label}${marker}`,
    `${deviceCode}${fy.shortLabel}${marker}`,
  ];
  const prefix = candidates.find((candidate) => MAX_NUMBER_LENGTH - candidate.length >= MIN_SEQUENCE_DIGITS[kind]);
  if (!prefix)
    throw new DomainError(
      'invalid',
      `device code ${deviceCode} is too long for ${MAX_NUMBER_LENGTH}-character document numbers`,
    );
  return prefix;
}

/** BLR1A/2627/00042: the prefix and the sequence zero-padded to fill 16 characters. */
export function formatDocumentNumber(kind: DocumentKind, deviceCode: string, fy: FiscalYear, seq: number): string {
  const prefix = numberPrefix(kind, deviceCode, fy);
  const width = MAX_NUMBER_LENGTH - prefix.length;
  const digits = String(seq);
  if (!Number.isSafeInteger(seq) || seq < 1 || digits.length > width) {
    throw new DomainError('conflict', `the ${kind.replace('_', ' ')} series ${prefix} of this device is full`);
  }
  return `${prefix}${digits.padStart(width, '0')}`;
}
