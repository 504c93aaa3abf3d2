import type Database from 'better-sqlite3';
import { defaultTimeZone, type AnalyticsFilters } from '../analytics/filters.ts';
import { JOBS_EXPORT, PAYMENTS_EXPORT, SETTLEMENTS_EXPORT, type ExportQuery } from './export-rows.ts';
import { buildSheet, SharedStrings, writeWorkbook } from './workbook.ts';

/**
 * Excel exports of jobs, payments and settlements with the dashboard's filters, from the replica
 * (offline): one sheet each, dates as real dates in the workshop's zone, money with its currency
 * format, columns sized, header row bold and frozen, an autofilter on it.
 */
export type ExportKind = 'jobs' | 'payments' | 'settlements';
export const EXPORT_KINDS: readonly ExportKind[] = ['jobs', 'payments', 'settlements'];

const QUERIES: Readonly<Record<ExportKind, ExportQuery>> = {
  jobs: JOBS_EXPORT,
  payments: PAYMENTS_EXPORT,
  settlements: SETTLEMENTS_EXPORT,
};

export interface ExportResult {
  readonly xlsx: Buffer;
  readonly rows: number;
}

export function exportWorkbook(
  db: Database.Database,
  tenantId: string,
  kind: ExportKind,
  filters: AnalyticsFilters,
): ExportResult {
  const tenant = db.prepare<[string], { currency: string }>('SELECT currency FROM tenants WHERE id = ?').get(tenantId);
  const options = { timeZone: filters.timeZone ?? defaultTimeZone(), currency: tenant?.currency ?? 'INR' };
  const query = QUERIES[kind];
  const strings = new SharedStrings();
  const sheet = buildSheet(
    { name: query.name, columns: query.columns, rows: query.rows(db, tenantId, filters) },
    options,
    strings,
  );
  return { xlsx: writeWorkbook([sheet], strings, options), rows: sheet.rows };
}
