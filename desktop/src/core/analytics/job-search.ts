import type Database from 'better-sqlite3';
import type { JobStatus } from '@forecourt/shared';

/**
 * Search as you type over the replica's jobs: job number, customer name and phone, vehicle
 * registration (with or without spaces), newest first. Words of three characters or more go
 * through the trigram index (migration 0011), shorter ones filter with LIKE; every word must
 * match somewhere. Two steps: candidates come from the search index alone, newest first, in
 * batches, and only they are joined to the jobs and filtered by site and status.
 */
export interface JobSearchOptions {
  readonly siteId?: string | null;
  readonly status?: JobStatus | null;
  readonly limit?: number;
}

export interface JobHit {
  readonly jobId: string;
  readonly number: string;
  readonly status: string;
  readonly siteId: string;
  readonly customerName: string | null;
  readonly phone: string | null;
  readonly registration: string | null;
  readonly createdAt: string;
  readonly valueMinor: number;
  readonly currency: string;
}

const quoteTerm = (word: string) => `"${word.replaceAll('"', '""')}"`;
const likeTerm = (word: string) => `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
const MAX_SCANNED = 20_000;

function candidateQuery(db: Database.Database, words: readonly string[]) {
  const long = words.filter((word) => [...word].length >= 3);
  const short = words.filter((word) => [...word].length < 3);
  const conditions = ['rowid < @before'];
  const params: Record<string, string | number> = {};
  if (long.length > 0) {
    conditions.push('job_search MATCH @match');
    params.match = long.map(quoteTerm).join(' ');
  }
  short.forEach((word, index) => {
    conditions.push(`body LIKE @short${index} ESCAPE '\\'`);
    params[`short${index}`] = likeTerm(word);
  });
  const statement = db.prepare<Record<string, string | number>, { rowid: number }>(
    `SELECT rowid FROM job_search WHERE ${conditions.join(' AND ')} ORDER BY rowid DESC LIMIT @batch`,
  );
  return (before: number, batch: number) => statement.all({ ...params, before, batch }).map((row) => row.rowid);
}

export function searchJobs(
  db: Database.Database,
  tenantId: string,
  text: string,
  options: JobSearchOptions = {},
): JobHit[] {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return [];
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const candidates = candidateQuery(db, words);
  const details = detailQuery(db, tenantId, options);
  const hits: JobHit[] = [];
  let before = Number.MAX_SAFE_INTEGER;
  for (let scanned = 0; hits.length < limit && scanned < MAX_SCANNED;) {
    const batch = candidates(before, limit * 2);
    if (batch.length === 0) break;
    hits.push(...details(batch));
    scanned += batch.length;
    before = batch[batch.length - 1] ?? 0;
  }
  return hits.slice(0, limit);
}

function detailQuery(db: Database.Database, tenantId: string, options: JobSearchOptions) {
  const filters = [options.siteId ? 'AND j.site_id = @site' : '', options.status ? 'AND j.status = @status' : ''].join(
    ' ',
  );
  const statement = db.prepare<Record<string, string>, JobHit>(
    `SELECT j.id AS jobId, j.number, j.status, j.site_id AS siteId, c.name AS customerName, c.phone, v.registration,
       j.created_at AS createdAt, COALESCE(f.value_minor, 0) AS valueMinor, j.currency
     FROM json_each(@rowids) r
     JOIN job_search_ids i ON i.search_rowid = r.value
     JOIN jobs j ON j.id = i.job_id
     LEFT JOIN job_figures f ON f.job_id = j.id
     LEFT JOIN customers c ON c.id = j.customer_id
     LEFT JOIN vehicles v ON v.id = j.vehicle_id
     WHERE j.tenant_id = @tenant AND j.deleted_at IS NULL ${filters}
     ORDER BY r.key`,
  );
  const base: Record<string, string> = { tenant: tenantId };
  if (options.siteId) base.site = options.siteId;
  if (options.status) base.status = options.status;
  return (rowids: readonly number[]) => statement.all({ ...base, rowids: JSON.stringify(rowids) });
}
