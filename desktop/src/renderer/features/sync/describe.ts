import type { Row } from '@forecourt/shared/schema/tables';
import { formatDateTime, formatMoney, statusLabel, text, type Locale } from '../../lib/format.ts';

/** Words for the sync panel: what a queued change does, and what to do when it was refused. */
const CREATES: Readonly<Record<string, string>> = {
  'customer.create': 'New customer',
  'vehicle.create': 'New vehicle',
  'job.create': 'New job',
};
const ON_A_RECORD: Readonly<Record<string, { noun: string; what: string }>> = {
  'customer.update': { noun: 'Customer', what: 'changed' },
  'customer.delete': { noun: 'Customer', what: 'deleted' },
  'vehicle.update': { noun: 'Vehicle', what: 'changed' },
  'job.update': { noun: 'Job', what: 'changed' },
  'job.setStatus': { noun: 'Job', what: 'status' },
  'job.addNote': { noun: 'Job', what: 'note' },
  'site.update': { noun: 'Workshop details', what: 'changed' },
  'conflict.resolve': { noun: 'Conflict', what: 'resolved' },
  'jobLine.add': { noun: 'Job', what: 'line added' },
  'jobLine.addCanned': { noun: 'Job', what: 'canned job added' },
  'jobLine.update': { noun: 'Job', what: 'line changed' },
  'jobLine.remove': { noun: 'Job', what: 'line removed' },
  'payment.record': { noun: 'Job', what: 'payment recorded' },
  'payment.confirm': { noun: 'Payment', what: 'confirmed' },
  'payment.markFailed': { noun: 'Payment', what: 'marked failed' },
  'invoice.finalise': { noun: 'Job', what: 'invoice finalised' },
  'invoice.creditNote': { noun: 'Invoice', what: 'credit note' },
};

/** "New job", or "Job BLR1A-00042 changed" when the record is known on this PC. */
export function mutationTitle(name: string, target: string | null): string {
  const created = CREATES[name];
  if (created) return created;
  const onRecord = ON_A_RECORD[name];
  if (!onRecord) return name;
  return `${target ?? onRecord.noun} ${onRecord.what}`;
}

/** The one detail that identifies the change for a person: a name, a status, the note text. */
export function mutationSummary(name: string, args: unknown): string {
  if (typeof args !== 'object' || args === null) return '';
  const values = args as Record<string, unknown>; // mutation inputs are JSON objects by contract
  if (name === 'job.setStatus') return `→ ${statusLabel(values.status)}`;
  if (name === 'job.addNote') return `“${truncate(text(values.body), 60)}”`;
  if (name === 'conflict.resolve')
    return values.action === 'restore' ? 'restore the lost value' : 'keep the current value';
  if (name === 'invoice.creditNote' || name === 'payment.markFailed') return `“${truncate(text(values.reason), 60)}”`;
  const named = text(values.name) || text(values.registration) || text(values.concern) || text(values.description);
  if (named) return truncate(named, 60);
  const fields = Object.keys(values).filter((key) => !key.endsWith('Id'));
  return fields.length ? fields.map(fieldLabel).join(', ') : '';
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
