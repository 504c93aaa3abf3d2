import type Database from 'better-sqlite3';
import { JOB_STATUSES, type JobStatus } from '@forecourt/shared';
import { addDays, defaultTimeZone, zoneDays, type AnalyticsFilters } from './filters.ts';
import { figureGroups, jobValuesBetween, type FigureRow } from './job-figures.ts';
import { recorderGroups } from './recorder-figures.ts';

/**
 * The owner's dashboard, computed from the local replica so that it works offline: totals, jobs
 * by status, revenue by day for the last 30 days, and each manager's jobs, revenue and
 * collections — for one site or all. Definitions:
 *   revenue      value of the jobs opened in the period (invoiced net of credit notes, else the
 *                estimate; cancelled jobs 0)
 *   collected    confirmed payments on those jobs; unconfirmed: recorded, awaiting the owner
 *   outstanding  what customers still owe on those jobs after every recorded payment
 *                (per job, never below 0); balanceDue: the same counting confirmed money only
 *   a manager    the user who opened the job: the jobs, revenue, outstanding and balance due are
 *                theirs; collected and unconfirmed go to whoever recorded each payment (on the
 *                same jobs), so someone who took money on another's jobs is listed with 0 jobs
 */
export interface MoneyFigures {
  readonly jobs: number;
  readonly revenueMinor: number;
  readonly collectedMinor: number;
  readonly unconfirmedMinor: number;
  readonly outstandingMinor: number;
  readonly balanceDueMinor: number;
}

export interface OwnerDashboard {
  readonly currency: string;
  readonly totals: MoneyFigures & { readonly averageJobValueMinor: number };
  readonly byStatus: Readonly<Record<JobStatus, number>>;
  readonly dailyRevenue: ReadonlyArray<{ date: string; jobs: number; revenueMinor: number }>;
  readonly managers: ReadonlyArray<MoneyFigures & { managerId: string | null; name: string }>;
  readonly sites: ReadonlyArray<MoneyFigures & { siteId: string; name: string }>;
}

export interface DashboardOptions {
  /** The last day of the daily chart when the filters have no `to` (the local today). */
  readonly today: string;
}

const empty = (): { -readonly [K in keyof MoneyFigures]: number } => ({
  jobs: 0,
  revenueMinor: 0,
  collectedMinor: 0,
  unconfirmedMinor: 0,
  outstandingMinor: 0,
  balanceDueMinor: 0,
});

function add(target: ReturnType<typeof empty>, row: FigureRow): void {
  target.jobs += row.jobs;
  target.revenueMinor += row.revenue;
  target.collectedMinor += row.confirmed;
  target.unconfirmedMinor += row.unconfirmed;
  target.outstandingMinor += row.outstanding;
  target.balanceDueMinor += row.balance_due;
}

function groupBy<K>(rows: readonly FigureRow[], key: (row: FigureRow) => K): Map<K, ReturnType<typeof empty>> {
  const groups = new Map<K, ReturnType<typeof empty>>();
  for (const row of rows) {
    const figures = groups.get(key(row)) ?? empty();
    add(figures, row);
    groups.set(key(row), figures);
  }
  return groups;
}

/** Jobs and revenue by the job's creator, collections by the payment's recorder. */
function managerFigures(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  groups: readonly FigureRow[],
): Array<[string | null, ReturnType<typeof empty>]> {
  const managers = groupBy(groups, (row) => row.created_by);
  for (const figures of managers.values()) {
    figures.collectedMinor = 0;
    figures.unconfirmedMinor = 0;
  }
  for (const row of recorderGroups(db, tenantId, filters)) {
    const figures = managers.get(row.recorded_by) ?? empty();
    figures.collectedMinor += row.confirmed;
    figures.unconfirmedMinor += row.unconfirmed;
    managers.set(row.recorded_by, figures);
  }
  return [...managers].filter(
    ([, figures]) => figures.jobs !== 0 || figures.collectedMinor !== 0 || figures.unconfirmedMinor !== 0,
  );
}

function names(db: Database.Database, table: 'users' | 'sites', tenantId: string): Map<string, string> {
  const rows = db
    .prepare<[string], { id: string; name: string }>(`SELECT id, name FROM ${table} WHERE tenant_id = ?`)
    .all(tenantId);
  return new Map(rows.map((row) => [row.id, row.name]));
}

export function ownerDashboard(
  db: Database.Database,
  tenantId: string,
  filters: AnalyticsFilters,
  options: DashboardOptions,
): OwnerDashboard {
  const groups = figureGroups(db, tenantId, filters);
  const totals = empty();
  for (const row of groups) add(totals, row);
  const byStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>; // filled below
  for (const row of groups) if (row.status in byStatus) byStatus[row.status as JobStatus] += row.jobs;
  const valued = totals.jobs - byStatus.cancelled;
  const userNames = names(db, 'users', tenantId);
  const siteNames = names(db, 'sites', tenantId);
  const tenant = db.prepare<[string], { currency: string }>('SELECT currency FROM tenants WHERE id = ?').get(tenantId);
  return {
    currency: tenant?.currency ?? 'INR',
    totals: { ...totals, averageJobValueMinor: valued > 0 ? Math.round(totals.revenueMinor / valued) : 0 },
    byStatus,
    dailyRevenue: dailyRevenue(db, tenantId, filters, filters.to ?? options.today),
    managers: managerFigures(db, tenantId, filters, groups).map(([managerId, figures]) => ({
      managerId,
      name: managerId ? (userNames.get(managerId) ?? 'Unknown user') : 'Not recorded',
      ...figures,
    })),
    sites: [...groupBy(groups, (row) => row.site_id)].map(([siteId, figures]) => ({
      siteId,
      name: siteNames.get(siteId) ?? siteId,
      ...figures,
    })),
  };
}

/** Jobs opened and their value on each of the 30 local days ending `lastDay`. */
function dailyRevenue(db: Database.Database, tenantId: string, filters: AnalyticsFilters, lastDay: string) {
  const zone = zoneDays(filters.timeZone ?? defaultTimeZone());
  const days = Array.from({ length: 30 }, (_, index) => addDays(lastDay, index - 29));
  const starts = [...days, addDays(lastDay, 1)].map((day) => zone.dayStart(day));
  const buckets = days.map((date) => ({ date, jobs: 0, revenueMinor: 0 }));
  for (const row of jobValuesBetween(db, tenantId, filters, starts[0] ?? '', starts[30] ?? '')) {
    // The last day whose start is not after the job's creation.
    let index = 29;
    while (index > 0 && row.created_at < (starts[index] ?? '')) index -= 1;
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.jobs += 1;
    bucket.revenueMinor += row.value;
  }
  return buckets;
}
