import { isHlc, decodeHlc } from '@forecourt/shared/sync/hlc';
import { isJobStatus, type JobStatus } from '@forecourt/shared/domain/jobs/status';

/**
 * Display rules for money, dates and labels. Amounts are integer minor units (paise, Rappen) from
 * the replica; they are turned into text with Intl and parsed back with string arithmetic, never
 * through a float, so 1234.50 is always 123450.
 */
export interface Locale {
  readonly tag: string;
  readonly currency: string;
  readonly timeZone: string;
}

export const DEFAULT_LOCALE: Locale = { tag: 'en-IN', currency: 'INR', timeZone: 'Asia/Kolkata' };

const COUNTRY_TAGS: Readonly<Record<string, string>> = { IN: 'en-IN', CH: 'de-CH' };

export function localeFor(
  country: string | undefined,
  currency: string | undefined,
  timeZone: string | undefined,
): Locale {
  return {
    tag: COUNTRY_TAGS[country ?? ''] ?? DEFAULT_LOCALE.tag,
    currency: currency || DEFAULT_LOCALE.currency,
    timeZone: timeZone || DEFAULT_LOCALE.timeZone,
  };
}

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minor: number | null | undefined, currency: string, locale: Locale): string {
  if (minor === null || minor === undefined) return '—';
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(locale.tag, { style: 'currency', currency, minimumFractionDigits: digits });
  // Display only: dividing here is exact to well beyond any garage's amounts, and Intl rounds to
  // the currency's digits. Arithmetic on amounts stays in integer minor units.
  return format.format(minor / 10 ** digits);
}

/** "1,250.5" → 125050 (for 2 minor digits); null for an empty field; NaN-free: throws on nonsense. */
export function parseMoney(text: string, currency: string): number | null {
  // Grouping marks and a leading currency sign are fine ("₹ 1,250.50", "CHF 1'250.05"); words are not.
  const cleaned = text.replace(/[\s,'’]/g, '').replace(/^(₹|rs\.?|inr|chf|fr\.?)/i, '');
  if (cleaned === '') return null;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) throw new RangeError('Enter an amount like 1250 or 1250.50');
  const digits = minorDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) throw new RangeError(`At most ${digits} digits after the point`);
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export function moneyInputValue(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  const fraction = minor % scale;
  return fraction === 0
    ? String(minor / scale)
    : `${Math.trunc(minor / scale)}.${String(fraction).padStart(digits, '0')}`;
}

export function formatDateTime(iso: unknown, locale: Locale): string {
  if (typeof iso !== 'string' || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale.tag, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: locale.timeZone,
  }).format(date);
}

export function formatDate(iso: unknown, locale: Locale): string {
  if (typeof iso !== 'string' || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeZone: locale.timeZone }).format(date);
}

/** "3 min ago" for recent times, the date otherwise. */
export function formatRelative(iso: string | null, locale: Locale, nowMs: number): string {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - nowMs) / 1000);
  // The words are the UI's language (English) whatever the site's number and date conventions.
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (Math.abs(seconds) < 45) return rtf.format(0, 'second');
  if (Math.abs(seconds) < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return formatDateTime(iso, locale);
}

export function hlcTime(hlc: unknown): string | null {
  return isHlc(hlc) ? new Date(decodeHlc(hlc).wallMs).toISOString() : null;
}

export const STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  pending: 'Pending',
  in_progress: 'In progress',
  waiting_for_parts: 'Waiting for parts',
  on_hold: 'On hold',
  ready: 'Ready for pickup',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** Labels on the buttons that move a job: what the person at the counter is doing. */
export const STATUS_ACTIONS: Readonly<Record<JobStatus, string>> = {
  pending: 'Back to pending',
  in_progress: 'Start work',
  waiting_for_parts: 'Waiting for parts',
  on_hold: 'Put on hold',
  ready: 'Mark ready',
  delivered: 'Hand over',
  cancelled: 'Cancel job…',
};

export function statusLabel(status: unknown): string {
  return isJobStatus(status) ? STATUS_LABELS[status] : text(status);
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The core's and server's messages are lower-case fragments; on screen they read as sentences. */
export function asSentence(raw: string): string {
  const text = raw.trim();
  if (text === '') return '';
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}
