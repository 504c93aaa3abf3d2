import type { Database, Queryable } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';

/**
 * DESIGN §4.5: the server never renumbers legal documents; it checks that every series (one per
 * device, document kind and fiscal year, `invoices.series`; one per device and year for rental
 * contracts) stays unique and gap-free, and flags any break. A gap usually means a finalisation
 * the server rejected (e.g. the job had been invoiced on another counter while this one was
 * offline): the counter had already printed that number, so the gap must be explained to the tax
 * office, not filled.
 */
export interface SeriesDuplicate {
  readonly seq: number;
  readonly numbers: readonly string[];
  /** Ids of the invoices (or, in a contract series and for rental invoices, the contracts) that share the number. */
  readonly invoiceIds: readonly string[];
}

export interface SeriesGap {
  /** First missing sequence number. */
  readonly from: number;
  /** Last missing sequence number. */
  readonly to: number;
}

export interface SeriesReport {
  readonly series: string;
  readonly kind: string;
  readonly fiscalYear: string;
  readonly siteId: string;
  readonly count: number;
  readonly first: number;
  readonly last: number;
  readonly duplicates: readonly SeriesDuplicate[];
  readonly gaps: readonly SeriesGap[];
  /** The same printed number in another series too (a device code reused across formats). */
  readonly clashingNumbers: readonly string[];
}

export interface NumberSeriesReport {
  readonly series: readonly SeriesReport[];
  /** True when no series has a duplicate, a gap or a clashing number. */
  readonly clean: boolean;
}

interface SummaryRow {
  series: string;
  kind: string;
  fiscal_year: string;
  site_id: string;
  n: number;
  first: number;
  last: number;
}

/**
 * Every numbered legal document: invoices and credit notes, rental contracts (series
 * `contract:<device>:<year>`, whose year stands in for the fiscal year), and the invoices of closed
 * rental contracts (`invoice_series`: the device's `inv:` series, shared with its garage invoices,
 * so one series runs through both tables; a duplicate's ids are then invoice or contract ids).
 */
const DOCUMENTS_CTE = `
  WITH documents AS (
    SELECT * FROM (
      SELECT id, series, seq, number, kind, fiscal_year, site_id FROM invoices
       WHERE tenant_id = $1 AND deleted_at IS NULL
      UNION ALL
      SELECT id, series, seq, number, 'contract' AS kind, split_part(series, ':', 3) AS fiscal_year, site_id
        FROM rental_contracts WHERE tenant_id = $1 AND deleted_at IS NULL
      UNION ALL
      SELECT id, invoice_series, invoice_seq, invoice_number, 'invoice' AS kind, invoice_fiscal_year, site_id
        FROM rental_contracts WHERE tenant_id = $1 AND deleted_at IS NULL AND invoice_series IS NOT NULL
    ) AS numbered
    WHERE $2::text IS NULL OR fiscal_year = $2
  )`;

const SUMMARY_SQL = `${DOCUMENTS_CTE}
  SELECT series, min(kind) AS kind, min(fiscal_year) AS fiscal_year, min(site_id) AS site_id,
         count(*)::int AS n, min(seq)::int AS first, max(seq)::int AS last
  FROM documents
  GROUP BY series
  ORDER BY series`;

const DUPLICATES_SQL = `${DOCUMENTS_CTE}
  SELECT series, seq::int AS seq, array_agg(number ORDER BY id) AS numbers, array_agg(id ORDER BY id) AS ids
  FROM documents
  GROUP BY series, seq
  HAVING count(*) > 1`;

// A gap is the run between two neighbouring distinct sequence numbers (or before the first, which
// must be 1) that are more than one apart.
const GAPS_SQL = `${DOCUMENTS_CTE}, distinct_seq AS (
    SELECT DISTINCT series, seq FROM documents
  ), neighbours AS (
    SELECT series, seq, coalesce(lag(seq) OVER (PARTITION BY series ORDER BY seq), 0) AS prev FROM distinct_seq
  )
  SELECT series, (prev + 1)::int AS gap_from, (seq - 1)::int AS gap_to
  FROM neighbours WHERE seq - prev > 1
  ORDER BY series, gap_from`;

const CLASHES_SQL = `${DOCUMENTS_CTE}
  SELECT number, array_agg(DISTINCT series) AS series
  FROM documents
  GROUP BY number
  HAVING count(DISTINCT series) > 1`;

/** The report for one tenant, optionally one fiscal year ("2627", "2026"). */
export async function numberSeriesReport(
  tx: Queryable,
  tenantId: string,
  fiscalYear: string | null = null,
): Promise<NumberSeriesReport> {
  const params = [tenantId, fiscalYear];
  const summary = (await tx.query<SummaryRow>(SUMMARY_SQL, params)).rows;
  const duplicates = (
    await tx.query<{ series: string; seq: number; numbers: string[]; ids: string[] }>(DUPLICATES_SQL, params)
  ).rows;
  const gaps = (await tx.query<{ series: string; gap_from: number; gap_to: number }>(GAPS_SQL, params)).rows;
  const clashes = (await tx.query<{ number: string; series: string[] }>(CLASHES_SQL, params)).rows;
  const series = summary.map((row): SeriesReport => ({
    series: row.series,
    kind: row.kind,
    fiscalYear: row.fiscal_year,
    siteId: row.site_id,
    count: row.n,
    first: row.first,
    last: row.last,
    duplicates: duplicates
      .filter((dup) => dup.series === row.series)
      .map((dup) => ({ seq: dup.seq, numbers: dup.numbers, invoiceIds: dup.ids })),
    gaps: gaps.filter((gap) => gap.series === row.series).map((gap) => ({ from: gap.gap_from, to: gap.gap_to })),
    clashingNumbers: clashes.filter((clash) => clash.series.includes(row.series)).map((clash) => clash.number),
  }));
  const clean = series.every(
    (entry) => entry.duplicates.length === 0 && entry.gaps.length === 0 && entry.clashingNumbers.length === 0,
  );
  return { series, clean };
}

/** The same, in a read-only transaction confined to the tenant by row-level security. */
export function numberSeriesReportForTenant(
  db: Database,
  tenantId: string,
  fiscalYear: string | null = null,
): Promise<NumberSeriesReport> {
  return withTenant(db, tenantId, (tx) => numberSeriesReport(tx, tenantId, fiscalYear), { readOnly: true });
}
