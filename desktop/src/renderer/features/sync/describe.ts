import type { Row } from '@forecourt/shared/schema/tables';
import { formatDateTime, formatMoney, statusLabel, text, type Locale } from '../../lib/format.ts';
import { MUTATION_WORDS } from './mutation-words.ts';

/** Words for the sync panel: what a queued change does, and what to do when it was refused. */

/** "Reservation", or "Job BLR1A-00042 changed" when the record is known on this PC. */
export function mutationTitle(name: string, target: string | null): string {
  const words = MUTATION_WORDS[name];
  if (!words) return name;
  return target && words.onRecord ? `${target} ${words.onRecord}` : words.title;
}

/**
 * The one detail that identifies the change for a person: a name, a status, the note text, an
 * amount; for an edit, the fields it changes. `money` formats an amount in minor units.
 */
export function mutationSummary(
  name: string,
  args: unknown,
  money: (minor: number) => string = (minor) => (minor / 100).toFixed(2),
): string {
  if (typeof args !== 'object' || args === null) return '';
  const values = args as Record<string, unknown>; // mutation inputs are JSON objects by contract
  const words = MUTATION_WORDS[name];
  if (words?.detail) return truncate(words.detail(values, money), 60);
  if (!words?.listsFields) return '';
  const fields = Object.keys(values).filter((key) => !key.endsWith('Id'));
  return fields.map(fieldLabel).join(', ');
}

const ADVICE: Readonly<Record<string, string>> = {
  conflict:
    'Someone changed this record first. Open it, check what it says now, and make your change again if it is still needed.',
  forbidden: 'Your role may not do this. Ask a manager or the owner to do it.',
  invalid: 'The server did not accept the details. Correct them and save again.',
  'not-found': 'The record was deleted on another counter. Check with your colleagues before entering it again.',
  unauthenticated: 'Your sign-in has expired. Sign in again with your password while online.',
};

export function rejectionAdvice(code: string): string {
  return ADVICE[code] ?? 'The server refused this change. Check the record and try again, or tell your manager.';
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  concern: 'Customer concern',
  findings: 'Findings',
  estimate_minor: 'Estimate',
  estimateMinor: 'Estimate',
  odometer_in: 'Odometer',
  odometerIn: 'Odometer',
  promised_at: 'Promised for',
  promisedAt: 'Promised for',
  key_tag: 'Key tag',
  keyTag: 'Key tag',
  assigned_to: 'Mechanic',
  assignedTo: 'Mechanic',
  tax_id: 'Tax id',
  taxId: 'Tax id',
  iban: 'IBAN',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** A conflicting value as the counter would write it (money, dates, statuses), or “(empty)”. */
export function displayValue(field: string, value: unknown, currency: string, locale: Locale): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field.endsWith('_minor') && typeof value === 'number') return formatMoney(value, currency, locale);
  if (field.endsWith('_at')) return formatDateTime(value, locale);
  if (field === 'status') return statusLabel(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function recordLabel(table: string, row: Row | null): string {
  const kind = table === 'jobs' ? 'Job' : table === 'customers' ? 'Customer' : table === 'vehicles' ? 'Vehicle' : table;
  if (!row) return kind;
  const name = text(row.number) || text(row.name) || text(row.registration);
  return name ? `${kind} ${name}` : kind;
}

function truncate(value: string, length: number): string {
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}
