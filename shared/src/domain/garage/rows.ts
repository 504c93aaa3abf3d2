import { DomainError } from '../../errors.ts';
import type { Change, MutationContext } from '../../mutations/types.ts';
import { insert } from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { localDate } from './numbering.ts';
import { isTaxCountry, type TaxCountry } from './tax-rates.ts';

/** Reading typed values out of decoded rows, and the small lookups the garage mutations share. */
export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const int = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function tenantCountry(tenant: Row | null): TaxCountry {
  const country = tenant?.country;
  if (!isTaxCountry(country))
    throw new DomainError('invalid', `the garage rules know India and Switzerland, not ${String(country)}`);
  return country;
}

export function siteFrom(sites: readonly Row[], siteId: unknown): Row {
  const site = sites.find((row) => row.id === siteId);
  if (!site) throw new DomainError('not-found', 'site not found');
  return site;
}

/** The workshop's local date of ctx.now: fiscal years and tax rates follow the local calendar. */
export function siteLocalDate(site: Row, now: string): string {
  return localDate(now, text(site.timezone) ?? 'UTC');
}

export function requireOpenJob(job: Row): void {
  if (job.status === 'cancelled') throw new DomainError('conflict', `job ${String(job.number)} is cancelled`);
}

/** Lines of an invoiced job are frozen: the invoice is immutable, a credit note frees them. */
export function requireEditableLines(job: Row): void {
  requireOpenJob(job);
  if (job.invoice_id) {
    throw new DomainError('conflict', `job ${String(job.number)} is invoiced; issue a credit note to change its lines`);
  }
}

/** A job timeline entry (job_updates): who, when (created_at) and what. */
export function timeline(
  ctx: MutationContext,
  job: Readonly<Record<string, unknown>>,
  kind: string,
  body: string,
  statuses: { from?: string; to?: string } = {},
): Change {
  return insert('job_updates', {
    id: ctx.newId(),
    site_id: job.site_id,
    job_id: job.id,
    author_id: ctx.actor.userId,
    kind,
    body,
    from_status: statuses.from ?? null,
    to_status: statuses.to ?? null,
  });
}
