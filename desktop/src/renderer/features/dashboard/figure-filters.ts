import { useMemo } from 'react';
import { isJobStatus } from '@forecourt/shared/domain/jobs/status';
import type { DashboardFilters } from '../../../common/analytics-schemas.ts';
import type { FigureFilters } from '../../app/navigation.ts';
import { useReference, useSiteScope } from '../../app/reference.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The site filter's value for "every site" in the URL. */
export const ALL_SITES = 'all';

/**
 * The dashboard's filters from the URL as the core takes them: the site defaults to the one the
 * screens show (the all-sites view means every site), days in the workshop's zone, and anything
 * malformed in a hand-typed URL is dropped rather than sent.
 */
export function useDashboardFilters(route: FigureFilters | undefined): DashboardFilters {
  const scope = useSiteScope();
  const { locale } = useReference();
  return useMemo(() => {
    const site = route?.site ?? (scope.allSites ? ALL_SITES : (scope.siteForNew ?? ALL_SITES));
    const day = (value: string | undefined) => (value && DAY.test(value) ? value : null);
    return {
      siteId: site === ALL_SITES ? null : site,
      from: day(route?.from),
      to: day(route?.to),
      status: isJobStatus(route?.status) ? route.status : null,
      managerId: route?.manager || null,
      timeZone: locale.timeZone,
    };
  }, [route, scope, locale.timeZone]);
}

/** The URL form of the filters, for the filter bar and for moving between dashboard and exports. */
export function routeFiltersOf(filters: DashboardFilters): FigureFilters {
  return {
    site: filters.siteId ?? ALL_SITES,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.managerId ? { manager: filters.managerId } : {}),
  };
}
