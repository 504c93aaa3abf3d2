import type Database from 'better-sqlite3';

/**
 * The replica's local derived tables (migrations 0011, 0012, 0095: the dashboard's job_figures,
 * job_figure_days and payment_figure_days, the job search index) are kept by triggers on every write. Those triggers cost
 * about 5× a plain insert, which is right for a counter's writes and wrong for a first sync that
 * brings a whole site. So while a snapshot streams, the triggers are set aside (their SQL kept in
 * `meta`, in the same transaction as the page) and the derived tables are rebuilt once, set-based,
 * in the transaction of the page that completes the snapshot. A counter that stops halfway keeps
 * them aside until the snapshot completes; opening the replica with an older schema restores them
 * first (openReplica), so a migration always sees the triggers it expects.
 */
const SUSPENDED_KEY = 'suspended_triggers';
const DERIVED_TRIGGER = /^(job_figures_|job_figure_days_|payment_figure_days_|job_search_)/;

interface SavedTrigger {
  readonly name: string;
  readonly sql: string;
}

export function derivedTriggersSuspended(db: Database.Database): boolean {
  return readSaved(db) !== null;
}

/** Drops the derived-data triggers and keeps their SQL. Call inside the page's transaction. */
export function suspendDerivedTriggers(db: Database.Database): void {
  if (readSaved(db) !== null) return;
  const triggers = db
    .prepare<[], SavedTrigger>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    .all()
    .filter((trigger) => DERIVED_TRIGGER.test(trigger.name));
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(SUSPENDED_KEY, JSON.stringify(triggers));
  for (const trigger of triggers) db.exec(`DROP TRIGGER IF EXISTS "${trigger.name}"`);
}

/** Rebuilds the derived tables from the replicated ones and puts the triggers back. */
export function resumeDerivedTriggers(db: Database.Database): void {
  const saved = readSaved(db);
  if (saved === null) return;
  rebuildDerivedTables(db);
  for (const trigger of saved) db.exec(trigger.sql);
  db.prepare('DELETE FROM meta WHERE key = ?').run(SUSPENDED_KEY);
}

function readSaved(db: Database.Database): SavedTrigger[] | null {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return null;
  const row = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(SUSPENDED_KEY);
  return row ? (JSON.parse(row.value) as SavedTrigger[]) : null;
}

const PAYMENT_NET = `CASE WHEN kind = 'refund' THEN CASE WHEN refund_of_id IS NULL THEN -amount_minor ELSE 0 END
  ELSE amount_minor - COALESCE(refunded_minor, 0) END`;

/**
 * The same values the triggers keep (the drift checks in analytics/local-figures.ts compare them),
 * computed in a few set-based statements. Runs with the derived triggers dropped.
 */
function rebuildDerivedTables(db: Database.Database): void {
  db.exec(`
    DELETE FROM job_figures;
    DELETE FROM job_figure_days;
    DELETE FROM payment_figure_days;
    DELETE FROM job_search;
    DELETE FROM job_search_ids;

    INSERT INTO job_figures (job_id, tenant_id, site_id, status, created_by, created_at, deleted, estimate_minor,
      invoiced_net_minor, confirmed_minor, unconfirmed_minor, value_minor, outstanding_minor, balance_due_minor)
    SELECT job_id, tenant_id, site_id, status, created_by, created_at, deleted, estimate_minor, invoiced_net_minor,
      confirmed_minor, unconfirmed_minor, value_minor, MAX(0, value_minor - confirmed_minor - unconfirmed_minor),
      MAX(0, value_minor - confirmed_minor)
    FROM (
      SELECT base.*, CASE WHEN status = 'cancelled' THEN 0 ELSE COALESCE(invoiced_net_minor, estimate_minor, 0) END AS value_minor
      FROM (
        SELECT j.id AS job_id, j.tenant_id, j.site_id, j.status, j.created_by, j.created_at, j.deleted_at IS NOT NULL AS deleted,
          j.estimate_minor,
          (SELECT SUM(CASE WHEN kind = 'credit_note' THEN -total_minor ELSE total_minor END)
             FROM invoices WHERE job_id = j.id AND deleted_at IS NULL) AS invoiced_net_minor,
          COALESCE((SELECT SUM(${PAYMENT_NET}) FROM payments
             WHERE job_id = j.id AND deleted_at IS NULL AND status IN ('confirmed', 'refunded')), 0) AS confirmed_minor,
          COALESCE((SELECT SUM(${PAYMENT_NET}) FROM payments
             WHERE job_id = j.id AND deleted_at IS NULL AND status = 'unconfirmed'), 0) AS unconfirmed_minor
        FROM jobs j
      ) AS base
    );

    INSERT INTO job_figure_days
    SELECT tenant_id, substr(created_at, 1, 10), site_id, COALESCE(created_by, ''), status, count(*), sum(value_minor),
      sum(confirmed_minor), sum(unconfirmed_minor), sum(outstanding_minor), sum(balance_due_minor)
    FROM job_figures WHERE deleted = 0
    GROUP BY tenant_id, substr(created_at, 1, 10), site_id, COALESCE(created_by, ''), status;

    INSERT INTO payment_figure_days
    SELECT f.tenant_id, substr(f.created_at, 1, 10), f.site_id, COALESCE(f.created_by, ''), f.status, COALESCE(p.recorded_by, ''),
      SUM(CASE WHEN p.status = 'unconfirmed' THEN 0 ELSE ${PAYMENT_NET} END),
      SUM(CASE WHEN p.status = 'unconfirmed' THEN ${PAYMENT_NET} ELSE 0 END)
    FROM job_figures f JOIN payments p ON p.job_id = f.job_id
    WHERE f.deleted = 0 AND p.deleted_at IS NULL AND p.status IN ('confirmed', 'refunded', 'unconfirmed')
    GROUP BY 1, 2, 3, 4, 5, 6;

    INSERT INTO job_search_ids (job_id, search_rowid) SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM jobs;

    -- The search texts are gathered first and indexed in a second pass, in rowid order, then the
    -- index is merged into one segment: the same rows, written in two thirds of the time it took
    -- straight from the join, and later single-job writes stay quick (without the merge, every
    -- few writes merged a large segment: p99 17 ms per incoming job; docs/performance.md, "Bootstrap").
    DROP TABLE IF EXISTS temp.job_search_rebuild;
    CREATE TEMP TABLE job_search_rebuild AS SELECT s.search_rowid,
      j.number || ' ' || COALESCE(c.name, '') || ' ' || COALESCE(c.phone, '') || ' ' || COALESCE(v.registration, '') || ' ' ||
        REPLACE(COALESCE(v.registration, ''), ' ', '') AS body
    FROM jobs j JOIN job_search_ids s ON s.job_id = j.id LEFT JOIN customers c ON c.id = j.customer_id
      LEFT JOIN vehicles v ON v.id = j.vehicle_id
    WHERE j.deleted_at IS NULL;
    INSERT INTO job_search (rowid, body) SELECT search_rowid, body FROM temp.job_search_rebuild ORDER BY search_rowid;
    DROP TABLE temp.job_search_rebuild;
    INSERT INTO job_search (job_search) VALUES ('optimize');
  `);
}
