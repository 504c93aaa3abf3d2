import type Database from 'better-sqlite3';

/**
 * The local derived table job_figures (migration 0011) is kept by triggers. This counts the jobs
 * whose figures differ from what the replicated tables say: 0 always, which the tests check after
 * local writes, pulls and rebases.
 */
export function localFiguresDrift(db: Database.Database): number {
  const row = db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM jobs j LEFT JOIN job_figures f ON f.job_id = j.id
       WHERE f.job_id IS NULL OR f.status <> j.status OR f.deleted <> (j.deleted_at IS NOT NULL)
         OR f.site_id <> j.site_id OR f.created_at <> j.created_at OR f.created_by IS NOT j.created_by
         OR f.estimate_minor IS NOT j.estimate_minor
         OR f.invoiced_net_minor IS NOT (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END)
                                         FROM invoices WHERE job_id = j.id AND deleted_at IS NULL)
         OR f.confirmed_minor <> COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END
                                                        ELSE amount_minor - COALESCE(refunded_minor, 0) END)
                                           FROM payments WHERE job_id = j.id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0)
         OR f.unconfirmed_minor <> COALESCE((SELECT SUM(CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END
                                                          ELSE amount_minor - COALESCE(refunded_minor, 0) END)
                                             FROM payments WHERE job_id = j.id AND deleted_at IS NULL AND status = 'unconfirmed'), 0)`,
    )
    .get();
  return row?.n ?? 0;
}

/**
 * Rows of job_figure_days (migration 0012) that differ from summing job_figures per UTC day,
 * site, manager and status: 0 always.
 */
export function figureDaysDrift(db: Database.Database): number {
  const row = db
    .prepare<[], { n: number }>(
      `WITH expected AS (
         SELECT tenant_id, substr(created_at, 1, 10) AS day, site_id, COALESCE(created_by, '') AS created_by, status, count(*) AS jobs,
           sum(value_minor) AS value_minor, sum(confirmed_minor) AS confirmed_minor, sum(unconfirmed_minor) AS unconfirmed_minor,
           sum(outstanding_minor) AS outstanding_minor, sum(balance_due_minor) AS balance_due_minor
         FROM job_figures WHERE deleted = 0 GROUP BY 1, 2, 3, 4, 5
       ), actual AS (SELECT * FROM job_figure_days WHERE jobs <> 0 OR value_minor <> 0 OR confirmed_minor <> 0 OR unconfirmed_minor <> 0)
       SELECT count(*) AS n FROM (
         SELECT * FROM expected EXCEPT SELECT tenant_id, day, site_id, created_by, status, jobs, value_minor, confirmed_minor,
           unconfirmed_minor, outstanding_minor, balance_due_minor FROM actual
         UNION ALL
         SELECT tenant_id, day, site_id, created_by, status, jobs, value_minor, confirmed_minor, unconfirmed_minor, outstanding_minor,
           balance_due_minor FROM actual EXCEPT SELECT * FROM expected
       )`,
    )
    .get();
  return row?.n ?? 0;
}

/**
 * Rows of payment_figure_days (migration 0095) that differ from summing the payments of live jobs
 * per their job's UTC day, site, creator and status and per recorder: 0 always.
 */
export function recorderDaysDrift(db: Database.Database): number {
  const net = `CASE WHEN p.kind = 'refund' THEN CASE WHEN p.refund_of_id IS NULL THEN -p.amount_minor ELSE 0 END
    ELSE p.amount_minor - COALESCE(p.refunded_minor, 0) END`;
  const row = db
    .prepare<[], { n: number }>(
      `WITH expected AS (
         SELECT f.tenant_id, substr(f.created_at, 1, 10) AS day, f.site_id, COALESCE(f.created_by, '') AS created_by, f.status,
           COALESCE(p.recorded_by, '') AS recorded_by,
           sum(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE ${net} END) AS confirmed_minor,
           sum(CASE WHEN p.status = 'unconfirmed' THEN ${net} ELSE 0 END) AS unconfirmed_minor
         FROM job_figures f JOIN payments p ON p.job_id = f.job_id
         WHERE f.deleted = 0 AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
         GROUP BY 1, 2, 3, 4, 5, 6
       ), actual AS (SELECT * FROM payment_figure_days WHERE confirmed_minor <> 0 OR unconfirmed_minor <> 0)
       SELECT count(*) AS n FROM (
         SELECT * FROM expected WHERE confirmed_minor <> 0 OR unconfirmed_minor <> 0 EXCEPT SELECT * FROM actual
         UNION ALL
         SELECT * FROM actual EXCEPT SELECT * FROM expected
       )`,
    )
    .get();
  return row?.n ?? 0;
}
