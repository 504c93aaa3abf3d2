import type Database from 'better-sqlite3';
import { jobConditions, type AnalyticsFilters } from './filters.ts';

/**
 * Per-job money from the local job_figures table (migration 0011, kept by triggers, with value,
 * outstanding and balance due as stored generated columns): a job's value is its invoiced total
 * net of credit notes once invoiced, else its estimate, and a cancelled job is worth nothing;
 * payments count net of refunds, confirmed apart from unconfirmed (the rules of balance.ts).
 * Aggregated over a covering index so that 100,000 jobs never cross into JavaScript.
 */
export function figureConditions(filters: AnalyticsFilters, tenantId: string) {
  return jobConditions('f', filters, tenantId, 'f.deleted = 0');
}

export interface FigureRow {
  status: string;
  created_by: string | null;
  site_id: string;
  jobs: number;
  revenue: number;
  confirmed: number;
  unconfirmed: number;
  outstanding: number;
  balance_due: number;
}

const SUMS = `COUNT(*) AS jobs, SUM(f.value_minor) AS revenue, SUM(f.confirmed_minor) AS confirmed,
  SUM(f.unconfirmed_minor) AS unconfirmed, SUM(f.outstanding_minor) AS outstanding, SUM(f.balance_due_minor) AS balance_due`;
const DAY_SUMS = `SUM(d.jobs) AS jobs, SUM(d.value_minor) AS revenue, SUM(d.confirmed_minor) AS confirmed,
  SUM(d.unconfirmed_minor) AS unconfirmed, SUM(d.outstanding_minor) AS outstanding, SUM(d.balance_due_minor) AS balance_due`;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

/** Jobs opened in [from, to) from job_figures itself: the partly covered days at a range's edges. */
function edgeGroups(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  from: string,
  to: string,
): FigureRow[] {
  if (from >= to) return [];
  const where = figureConditions({ ...filters, from: null, to: null }, tenantId);
  return db
    .prepare<Record<string, string>, FigureRow>(
      `SELECT f.status, f.created_by, f.site_id, ${SUMS} FROM job_figures f
       WHERE ${where.sql} AND f.created_at >= @edgeFrom AND f.created_at < @edgeTo
       GROUP BY f.status, f.created_by, f.site_id`,
    )
    .all({ ...where.params, edgeFrom: from, edgeTo: to });
}

/**
 * The WHERE of a per-day table (alias d: tenant_id, day, site_id, created_by, status) for the
 * filters and whole UTC days [fromDay, toDay); no bounds: every day.
 */
export function dayConditions(
  tenantId: string,
  filters: AnalyticsFilters,
  fromDay: string | null,
  toDay: string | null,
): { sql: string; params: Record<string, string> } {
  const conditions = ['d.tenant_id = @tenant'];
  const params: Record<string, string> = { tenant: tenantId };
  const add = (sql: string, name: string, value: string | null | undefined) => {
    if (!value) return;
    conditions.push(sql);
    params[name] = value;
  };
  add('d.site_id = @site', 'site', filters.siteId);
  add('d.status = @status', 'status', filters.status);
  add('d.created_by = @manager', 'manager', filters.managerId);
  add('d.day >= @fromDay', 'fromDay', fromDay);
  add('d.day < @toDay', 'toDay', toDay);
  return { sql: conditions.join(' AND '), params };
}

/** Whole UTC days [fromDay, toDay) from the per-day sums (migration 0012); no bounds: every day. */
function dayGroups(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  fromDay: string | null,
  toDay: string | null,
): FigureRow[] {
  const where = dayConditions(tenantId, filters, fromDay, toDay);
  return db
    .prepare<Record<string, string>, FigureRow>(
      `SELECT d.status, NULLIF(d.created_by, '') AS created_by, d.site_id, ${DAY_SUMS} FROM job_figure_days d
       WHERE ${where.sql}
       GROUP BY d.status, d.created_by, d.site_id HAVING SUM(d.jobs) > 0`,
    )
    .all(where.params);
}

/**
 * A filter's period split for the per-day tables: whole UTC days [fromDay, toDay) (null: open
 * end), read from the day sums, and the partly covered days at its ends, [from, to) in ISO time,
 * read from per-job rows. Local days rarely start at UTC midnight, so a range of local days has
 * such edges; `whole` is null when the range lies inside one or two UTC days.
 */
export interface DaySplit {
  readonly whole: { readonly fromDay: string | null; readonly toDay: string | null } | null;
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

export function splitDays(filters: AnalyticsFilters, tenantId: string): DaySplit {
  const bounds = figureConditions(filters, tenantId).params;
  const from = bounds.from ?? null;
  const to = bounds.to ?? null;
  const fromDay =
    from === null ? null : from.endsWith('T00:00:00.000Z') ? from.slice(0, 10) : nextDay(from.slice(0, 10));
  const toDay = to === null ? null : to.slice(0, 10);
  if (from !== null && to !== null && fromDay !== null && toDay !== null && fromDay >= toDay) {
    return { whole: null, edges: [[from, to]] };
  }
  const edges: Array<readonly [string, string]> = [];
  if (from !== null) edges.push([from, `${fromDay}T00:00:00.000Z`]);
  if (to !== null) edges.push([`${toDay}T00:00:00.000Z`, to]);
  return { whole: { fromDay, toDay }, edges };
}

/**
 * Sums by status, manager and site: every dashboard total is a sum over these few rows. Whole
 * UTC days come from job_figure_days; a range whose ends fall inside a day takes those partial
 * days from job_figures.
 */
export function figureGroups(db: Database.Database, tenantId: string, filters: AnalyticsFilters): FigureRow[] {
  const { whole, edges } = splitDays(filters, tenantId);
  const rows = whole ? dayGroups(db, tenantId, filters, whole.fromDay, whole.toDay) : [];
  for (const [from, to] of edges) rows.push(...edgeGroups(db, tenantId, filters, from, to));
  return rows;
}

export interface DayRow {
  created_at: string;
  value: number;
}

/** Value of every job opened in [fromIso, toIso): the daily revenue chart buckets them by local day. */
export function jobValuesBetween(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  fromIso: string,
  toIso: string,
): DayRow[] {
  const where = figureConditions({ ...filters, from: null, to: null }, tenantId);
  return db
    .prepare<Record<string, string>, DayRow>(
      `SELECT f.created_at, f.value_minor AS value FROM job_figures f
       WHERE ${where.sql} AND f.created_at >= @windowFrom AND f.created_at < @windowTo`,
    )
    .all({ ...where.params, windowFrom: fromIso, windowTo: toIso });
}
