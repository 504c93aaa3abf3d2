import { useMemo } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { localeFor, text, type Locale } from '../lib/format.ts';
import { useRows } from '../lib/use-rows.ts';
import { useNav, useSession } from './context.tsx';

export interface Reference {
  readonly locale: Locale;
  readonly currency: string;
  readonly sites: readonly Row[];
  siteName(id: unknown): string;
  userName(id: unknown): string;
}

/** Tenant, sites and users: the small tables every screen uses for names and formatting. */
export function useReference(): Reference {
  const tenants = useRows('tenants').rows;
  const sites = useRows('sites', { orderBy: 'name' }).rows;
  const users = useRows('users').rows;
  const chosen = useNav((state) => state.site);
  const deviceSite = useSession((state) => state.identity?.siteId ?? null);
  return useMemo(() => {
    const tenant = tenants[0];
    const siteId = chosen !== 'all' ? chosen : deviceSite;
    const site = sites.find((row) => row.id === siteId) ?? sites[0];
    const currency = text(tenant?.currency) || 'INR';
    const names = new Map(users.map((row) => [row.id, text(row.name)]));
    const siteNames = new Map(sites.map((row) => [row.id, text(row.name)]));
    return {
      locale: localeFor(text(tenant?.country), currency, text(site?.timezone)),
      currency,
      sites,
      siteName: (id: unknown) => siteNames.get(text(id)) ?? '—',
      userName: (id: unknown) => names.get(text(id)) ?? 'someone',
    };
  }, [tenants, sites, users, chosen, deviceSite]);
}

/**
 * Which site the screens show and where new records go. A site device works for its site; an
 * owner's all-sites device shows the chosen site, or every site in the all-sites view (then new
 * records need a site picked in the form).
 */
export interface SiteScope {
  readonly where: Readonly<Record<string, string>>;
  readonly siteForNew: string | null;
  readonly allSites: boolean;
}

export function useSiteScope(): SiteScope {
  const chosen = useNav((state) => state.site);
  const identity = useSession((state) => state.identity);
  const user = useSession((state) => state.user);
  return useMemo((): SiteScope => {
    const one = (siteId: string): SiteScope => ({ where: { site_id: siteId }, siteForNew: siteId, allSites: false });
    if (identity?.scope === 'site' && identity.siteId) return one(identity.siteId);
    if (user?.role === 'owner') return chosen === 'all' ? { where: {}, siteForNew: null, allSites: true } : one(chosen);
    // A manager or staff on an all-sites PC works in their own sites only.
    const own = user?.siteIds ?? [];
    const siteId = own.includes(chosen) ? chosen : own[0];
    return siteId ? one(siteId) : { where: { site_id: '' }, siteForNew: null, allSites: false };
  }, [chosen, identity, user]);
}
