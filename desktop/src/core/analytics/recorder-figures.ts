import type Database from 'better-sqlite3';
import type { AnalyticsFilters } from './filters.ts';
import { dayConditions, figureConditions, splitDays } from './job-figures.ts';
import { PAYMENT_NET_SQL } from './payment-sql.ts';

/**
 * Collections per person who recorded the payment, on the jobs the filters select (the jobs
 * opened in the period, of a site, status or creator): the dashboard credits revenue to the job's
 * creator and the money taken to whoever took it. Whole UTC days come from payment_figure_days
 * (sqlite 0095, kept by triggers), the partly covered days at a range's ends from the payments of
 * those days' jobs.
 */
export interface RecorderRow {
  readonly recorded_by: string | null;
  readonly confirmed: number;
  readonly unconfirmed: number;
}

const CONFIRMED_SQL = `SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE ${PAYMENT_NET_SQL} END)`;
const UNCONFIRMED_SQL = `SUM(CASE WHEN p.status = 'unconfirmed' THEN ${PAYMENT_NET_SQL} ELSE 0 END)`;

function edgeRecorders(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  from: string,
  to: string,
): RecorderRow[] {
  if (from >= to) return [];
  const where = figureConditions({ ...filters, from: null, to: null }, tenantId);
  return db
    .prepare<Record<string, string>, RecorderRow>(
      `SELECT p.recorded_by, ${CONFIRMED_SQL} AS confirmed, ${UNCONFIRMED_SQL} AS unconfirmed
       FROM job_figures f JOIN payments p ON p.job_id = f.job_id
       WHERE ${where.sql} AND f.created_at >= @edgeFrom AND f.created_at < @edgeTo
         AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
       GROUP BY p.recorded_by`,
    )
    .all({ ...where.params, edgeFrom: from, edgeTo: to });
}

export function recorderGroups(db: Database.Database, tenantId: string, filters: AnalyticsFilters): RecorderRow[] {
  const { whole, edges } = splitDays(filters, tenantId);
  const rows: RecorderRow[] = [];
  if (whole) {
    const where = dayConditions(tenantId, filters, whole.fromDay, whole.toDay);
    rows.push(
      ...db
        .prepare<Record<string, string>, RecorderRow>(
          `SELECT NULLIF(d.recorded_by, '') AS recorded_by, SUM(d.confirmed_minor) AS confirmed,
             SUM(d.unconfirmed_minor) AS unconfirmed
           FROM payment_figure_days d WHERE ${where.sql} GROUP BY d.recorded_by`,
        )
        .all(where.params),
    );
  }
  for (const [from, to] of edges) rows.push(...edgeRecorders(db, tenantId, filters, from, to));
  return rows;
}
