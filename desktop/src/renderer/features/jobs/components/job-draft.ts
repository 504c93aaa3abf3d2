import type { Row } from '@forecourt/shared/schema/tables';
import { moneyInputValue, parseMoney, text } from '../../../lib/format.ts';

/** The editable fields of a job as typed in the form, and their conversion to mutation input. */
export interface JobDraft {
  concern: string;
  findings: string;
  estimate: string;
  odometer: string;
  promisedAt: string;
  keyTag: string;
  assignedTo: string;
}

export const EMPTY_DRAFT: JobDraft = {
  concern: '',
  findings: '',
  estimate: '',
  odometer: '',
  promisedAt: '',
  keyTag: '',
  assignedTo: '',
};

/** ISO UTC → the `datetime-local` input's local "YYYY-MM-DDTHH:MM". */
export function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function draftOfJob(job: Row): JobDraft {
  return {
    concern: text(job.concern),
    findings: text(job.findings),
    estimate: moneyInputValue(
      typeof job.estimate_minor === 'number' ? job.estimate_minor : null,
      text(job.currency) || 'INR',
    ),
    odometer: typeof job.odometer_in === 'number' ? String(job.odometer_in) : '',
    promisedAt: toLocalInput(job.promised_at),
    keyTag: text(job.key_tag),
    assignedTo: text(job.assigned_to),
  };
}

/** Mutation input for every field; throws RangeError with a message for the person typing. */
export function jobFieldsOf(draft: JobDraft, currency: string): Record<string, unknown> {
  const odometer = draft.odometer.trim() === '' ? null : Number(draft.odometer.replace(/[\s,']/g, ''));
  if (odometer !== null && (!Number.isInteger(odometer) || odometer < 0))
    throw new RangeError('The odometer is a whole number of km');
  return {
    concern: draft.concern.trim() || null,
    findings: draft.findings.trim() || null,
    estimateMinor: parseMoney(draft.estimate, currency),
    odometerIn: odometer,
    promisedAt: draft.promisedAt ? new Date(draft.promisedAt).toISOString() : null,
    keyTag: draft.keyTag.trim() || null,
    assignedTo: draft.assignedTo || null,
  };
}

/** Only what changed, so that two counters editing different fields of one job both win. */
export function changedJobFields(before: JobDraft, after: JobDraft, currency: string): Record<string, unknown> {
  const all = jobFieldsOf(after, currency);
  const keys: Record<keyof JobDraft, string> = {
    concern: 'concern',
    findings: 'findings',
    estimate: 'estimateMinor',
    odometer: 'odometerIn',
    promisedAt: 'promisedAt',
    keyTag: 'keyTag',
    assignedTo: 'assignedTo',
  };
  const changed: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(keys)) {
    if (before[field as keyof JobDraft] !== after[field as keyof JobDraft]) changed[key] = all[key]; // keys of `keys` are JobDraft keys
  }
  return changed;
}
