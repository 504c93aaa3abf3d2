import type Database from 'better-sqlite3';
import { jobConditions, type AnalyticsFilters } from '../analytics/filters.ts';
import { PAYMENT_NET_SQL } from '../analytics/payment-sql.ts';
import type { Column, ColumnKind } from './workbook.ts';

/**
 * What each export contains: its columns (header, kind, width, and the SQL that reads the value)
 * and the query, with the dashboard's filters. Jobs by when they were opened (site, days, status,
 * manager = who opened them); payments by when they were recorded (site, days, the job's status,
 * manager = who recorded them); settlements by when they were made (site, days, manager = who
 * handed over). Rows come back as arrays in column order and stream into the sheet.
 */
export interface ExportColumn extends Column {
  readonly sql: string;
}

export interface ExportQuery {
  readonly name: string;
  readonly columns: readonly ExportColumn[];
  rows(db: Database.Database, tenantId: string, filters: AnalyticsFilters): IterableIterator<unknown[]>;
}

const col = (header: string, kind: ColumnKind, width: number, sql: string): ExportColumn => ({
  header,
  kind,
  width,
  sql,
});
/** Text that is nearly always different per row (numbers, phones, registrations): written inline. */
const distinct = (header: string, width: number, sql: string): ExportColumn => ({
  ...col(header, 'text', width, sql),
  distinct: true,
});
const selectList = (columns: readonly ExportColumn[]) => columns.map((column) => column.sql).join(', ');

function run(db: Database.Database, sql: string, params: Record<string, string>): IterableIterator<unknown[]> {
  return db.prepare<Record<string, string>, unknown[]>(sql).raw(true).iterate(params);
}

/** The same day range and site as the jobs, on another table's own rows; manager is its own column. */
function recordConditions(alias: string, filters: AnalyticsFilters, tenantId: string, managerColumn: string) {
  const base = jobConditions(alias, { ...filters, status: null, managerId: null }, tenantId);
  const params = { ...base.params };
  let sql = base.sql;
  if (filters.managerId) {
    sql += ` AND ${alias}.${managerColumn} = @manager`;
    params.manager = filters.managerId;
  }
  return { sql, params };
}

const JOB_COLUMNS = [
  distinct('Job', 14, 'j.number'),
  col('Opened', 'datetime', 17, 'j.created_at'),
  col('Site', 'text', 22, 's.name'),
  col('Status', 'text', 18, 'j.status'),
  col('Customer', 'text', 24, 'c.name'),
  distinct('Phone', 15, 'c.phone'),
  distinct('Customer GSTIN / UID', 18, 'c.tax_id'),
  distinct('Registration', 15, 'v.registration'),
  col('Vehicle', 'text', 18, "TRIM(COALESCE(v.make, '') || ' ' || COALESCE(v.model, ''))"),
  col('Manager', 'text', 18, 'u.name'),
  col('Worker', 'text', 14, 'j.worker_name'),
  col('Promised', 'datetime', 17, 'j.promised_at'),
  col('Delivered', 'datetime', 17, 'j.delivered_at'),
  col('Estimate', 'money', 14, 'j.estimate_minor'),
  col('Value', 'money', 14, 'f.value_minor'),
  distinct('Invoice', 18, 'i.number'),
  col('Paid (confirmed)', 'money', 16, 'f.confirmed_minor'),
  col('Awaiting confirmation', 'money', 16, 'f.unconfirmed_minor'),
  col('Outstanding', 'money', 14, 'f.outstanding_minor'),
  col('Cancel reason', 'text', 24, 'j.cancel_reason'),
];

export const JOBS_EXPORT: ExportQuery = {
  name: 'Jobs',
  columns: JOB_COLUMNS,
  rows(db, tenantId, filters) {
    const where = jobConditions('j', filters, tenantId);
    return run(
      db,
      `SELECT ${selectList(JOB_COLUMNS)}
       FROM jobs j
       JOIN job_figures f ON f.job_id = j.id
       LEFT JOIN sites s ON s.id = j.site_id
       LEFT JOIN customers c ON c.id = j.customer_id
       LEFT JOIN vehicles v ON v.id = j.vehicle_id
       LEFT JOIN users u ON u.id = j.created_by
       LEFT JOIN invoices i ON i.id = j.invoice_id
       WHERE ${where.sql}
       ORDER BY j.created_at`,
      where.params,
    );
  },
};

const PAYMENT_COLUMNS = [
  col('Recorded', 'datetime', 17, 'p.created_at'),
  distinct('Job', 14, 'j.number'),
  col('Customer', 'text', 24, 'c.name'),
  col('Site', 'text', 22, 's.name'),
  col('Kind', 'text', 10, 'p.kind'),
  col('Method', 'text', 14, 'p.method'),
  col('Amount', 'money', 14, PAYMENT_NET_SQL),
  col('Status', 'text', 13, 'p.status'),
  distinct('Reference', 18, 'p.reference'),
  col('Note', 'text', 24, 'p.note'),
  col('Recorded by', 'text', 18, 'r.name'),
  col('Confirmed by', 'text', 18, 'o.name'),
  col('Confirmed', 'datetime', 17, 'p.confirmed_at'),
  col('Settled', 'text', 8, "CASE WHEN p.settlement_id IS NULL THEN NULL ELSE 'yes' END"),
  col('Provider', 'text', 10, 'p.provider'),
];

export const PAYMENTS_EXPORT: ExportQuery = {
  name: 'Payments',
  columns: PAYMENT_COLUMNS,
  rows(db, tenantId, filters) {
    const where = recordConditions('p', filters, tenantId, 'recorded_by');
    const status = filters.status ? 'AND j.status = @status' : '';
    return run(
      db,
      `SELECT ${selectList(PAYMENT_COLUMNS)}
       FROM payments p
       LEFT JOIN jobs j ON j.id = p.job_id
       LEFT JOIN customers c ON c.id = j.customer_id
       LEFT JOIN sites s ON s.id = p.site_id
       LEFT JOIN users r ON r.id = p.recorded_by
       LEFT JOIN users o ON o.id = p.confirmed_by
       WHERE ${where.sql} ${status}
       ORDER BY p.created_at`,
      filters.status ? { ...where.params, status: filters.status } : where.params,
    );
  },
};

const SETTLEMENT_COLUMNS = [
  col('Handed over', 'datetime', 17, 't.created_at'),
  col('Site', 'text', 22, 's.name'),
  col('Manager', 'text', 18, 'm.name'),
  col('Amount', 'money', 14, 't.amount_minor'),
  col('Payments', 'int', 10, 'json_array_length(t.payment_ids)'),
  col('Status', 'text', 12, 't.status'),
  col('Confirmed by', 'text', 18, 'o.name'),
  col('Confirmed', 'datetime', 17, 't.confirmed_at'),
  col('Reject reason', 'text', 24, 't.reject_reason'),
  col('Note', 'text', 24, 't.note'),
];

export const SETTLEMENTS_EXPORT: ExportQuery = {
  name: 'Settlements',
  columns: SETTLEMENT_COLUMNS,
  rows(db, tenantId, filters) {
    const where = recordConditions('t', filters, tenantId, 'manager_id');
    return run(
      db,
      `SELECT ${selectList(SETTLEMENT_COLUMNS)}
       FROM settlements t
       LEFT JOIN sites s ON s.id = t.site_id
       LEFT JOIN users m ON m.id = t.manager_id
       LEFT JOIN users o ON o.id = t.confirmed_by
       WHERE ${where.sql}
       ORDER BY t.created_at`,
      where.params,
    );
  },
};
