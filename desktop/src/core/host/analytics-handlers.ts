import { DomainError } from '@forecourt/shared/errors';
import type { ChannelHandlers } from '../../common/api.ts';
import type { DashboardFilters } from '../../common/analytics-schemas.ts';
import { ownerDashboard } from '../analytics/dashboard.ts';
import { defaultTimeZone, type AnalyticsFilters } from '../analytics/filters.ts';
import { managerDashboard } from '../analytics/manager-dashboard.ts';
import type { CounterApi, SessionUser } from '../counter-api.ts';
import { exportWorkbook } from '../exports/index.ts';

/**
 * The owner's and managers' figures for the UI, from the replica (offline). The roles are checked
 * here, in the core, not in the UI: an owner sees every site and every manager; a manager (or a
 * staff member, who also hands over cash) sees only the jobs they opened and the payments and
 * settlements that are theirs, in their own sites; a viewer sees none of it.
 */
export type AnalyticsChannel = 'analytics:dashboard' | 'analytics:managerDashboard' | 'exports:workbook';

type Reader = Pick<CounterApi, 'currentUser' | 'identity' | 'readReplica'>;

function signedIn(counter: Reader): { user: SessionUser; tenantId: string } {
  const user = counter.currentUser();
  if (!user) throw new DomainError('unauthenticated', 'sign in first');
  const tenantId = counter.identity()?.tenantId;
  if (!tenantId) throw new DomainError('unauthenticated', 'this counter is not enrolled');
  return { user, tenantId };
}

/** The filters a user may use: an owner's as asked, anyone else's narrowed to themselves. */
export function filtersFor(user: SessionUser, filters: DashboardFilters): AnalyticsFilters {
  const asked: AnalyticsFilters = { ...filters, ...(filters.timeZone ? {} : { timeZone: defaultTimeZone() }) };
  if (user.role === 'owner') return asked;
  if (user.role === 'viewer') throw new DomainError('forbidden', 'the figures are for owners and managers');
  if (filters.siteId && !user.siteIds.includes(filters.siteId))
    throw new DomainError('forbidden', 'you can see the figures of your own sites only');
  if (filters.managerId && filters.managerId !== user.userId)
    throw new DomainError('forbidden', 'you can see your own figures only');
  return { ...asked, managerId: user.userId };
}

/** The local calendar day of an instant in a zone, as YYYY-MM-DD. */
export function localDay(instantMs: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instantMs),
  );
}

function exportFileName(kind: string, filters: AnalyticsFilters, today: string): string {
  const range = filters.from || filters.to ? `${filters.from ?? 'start'}-to-${filters.to ?? today}` : today;
  return `forecourt-${kind}-${range}.xlsx`;
}

export function createAnalyticsHandlers(counter: Reader, clock: () => number): ChannelHandlers<AnalyticsChannel> {
  const todayIn = (filters: AnalyticsFilters) => localDay(clock(), filters.timeZone ?? defaultTimeZone());
  return {
    'analytics:dashboard': (input) => {
      const { user, tenantId } = signedIn(counter);
      if (user.role === 'staff') throw new DomainError('forbidden', 'the dashboard is for owners and managers');
      const filters = filtersFor(user, input);
      return counter.readReplica((db) => ownerDashboard(db, tenantId, filters, { today: todayIn(filters) }));
    },
    'analytics:managerDashboard': (input) => {
      const { user, tenantId } = signedIn(counter);
      const filters = filtersFor(user, input);
      const managerId = filters.managerId ?? user.userId;
      return counter.readReplica((db) =>
        managerDashboard(db, tenantId, managerId, filters, { today: todayIn(filters) }),
      );
    },
    'exports:workbook': (input) => {
      const { user, tenantId } = signedIn(counter);
      if (user.role === 'staff') throw new DomainError('forbidden', 'exports are for owners and managers');
      const filters = filtersFor(user, input.filters);
      const { xlsx, rows } = counter.readReplica((db) => exportWorkbook(db, tenantId, input.kind, filters));
      return { fileName: exportFileName(input.kind, filters, todayIn(filters)), base64: xlsx.toString('base64'), rows };
    },
  };
}
