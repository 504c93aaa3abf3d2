import { DomainError, isJobStatus, type JobStatus } from '@forecourt/shared';

/**
 * The dashboard's filters, shared with the exports: site (null = all sites the replica holds),
 * an inclusive range of local calendar days, a job status and a manager (who opened the job).
 * Days are the workshop's local days: `timeZone` turns them into UTC instants for the queries.
 */
export interface AnalyticsFilters {
  readonly siteId?: string | null;
  /** First day, YYYY-MM-DD, inclusive. */
  readonly from?: string | null;
  /** Last day, YYYY-MM-DD, inclusive. */
  readonly to?: string | null;
  readonly status?: JobStatus | null;
  readonly managerId?: string | null;
  /** IANA zone of the local days (default: this PC's zone). */
  readonly timeZone?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkFilters(filters: AnalyticsFilters): void {
  for (const [name, value] of [
    ['from', filters.from],
    ['to', filters.to],
  ] as const) {
    if (typeof value === 'string' && (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
      throw new DomainError('invalid', `${name} must be a day as YYYY-MM-DD, not ${value}`);
    }
  }
  if (filters.status !== undefined && filters.status !== null && !isJobStatus(filters.status))
    throw new DomainError('invalid', `unknown job status ${String(filters.status)}`);
}

export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Local days of one zone as UTC instants. Building an Intl.DateTimeFormat costs far more than
 * using one, so a caller makes one of these per request and asks it for every day it needs.
 */
export function zoneDays(timeZone: string): { dayStart(day: string): string } {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  /** Minutes the zone is ahead of UTC at an instant. */
  const offsetMinutes = (instantMs: number): number => {
    const parts = format.formatToParts(new Date(instantMs));
    const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
  };
  return {
    dayStart(day) {
      const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
      let guess = midnightUtc - offsetMinutes(midnightUtc) * 60_000;
      // Once more at the guess itself, for a zone whose offset changed in between (DST).
      guess = midnightUtc - offsetMinutes(guess) * 60_000;
      return new Date(guess).toISOString();
    },
  };
}

/** The UTC instant (ISO) at which a local day starts in a zone. */
export function localDayStart(day: string, timeZone: string): string {
  return zoneDays(timeZone).dayStart(day);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface SqlFilter {
  readonly sql: string;
  readonly params: Record<string, string>;
}

/**
 * WHERE conditions on a jobs alias for the filters. Parameters are named (@tenant, @site...), the
 * values never touch the SQL text.
 */
export function jobConditions(
  alias: string,
  filters: AnalyticsFilters,
  tenantId: string,
  live = `${alias}.deleted_at IS NULL`,
): SqlFilter {
  checkFilters(filters);
  const days = filters.from || filters.to ? zoneDays(filters.timeZone ?? defaultTimeZone()) : null;
  const parts = [`${alias}.tenant_id = @tenant`, live];
  const params: Record<string, string> = { tenant: tenantId };
  if (filters.siteId) {
    parts.push(`${alias}.site_id = @site`);
    params.site = filters.siteId;
  }
  if (filters.from) {
    parts.push(`${alias}.created_at >= @from`);
    params.from = days?.dayStart(filters.from) ?? '';
  }
  if (filters.to) {
    parts.push(`${alias}.created_at < @to`);
    params.to = days?.dayStart(addDays(filters.to, 1)) ?? '';
  }
  if (filters.status) {
    parts.push(`${alias}.status = @status`);
    params.status = filters.status;
  }
  if (filters.managerId) {
    parts.push(`${alias}.created_by = @manager`);
    params.manager = filters.managerId;
  }
  return { sql: parts.join(' AND '), params };
}
