import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * Where the user is. Routes live in the URL hash so that the browser's (and Electron's) back and
 * forward work and a reload keeps the screen; the store mirrors the hash.
 */
export type Route =
  | { readonly name: 'jobs'; readonly filter?: JobFilter }
  | { readonly name: 'job'; readonly id: string }
  | { readonly name: 'job-new'; readonly customerId?: string; readonly vehicleId?: string }
  | { readonly name: 'customers' }
  | { readonly name: 'customer'; readonly id: string }
  | { readonly name: 'customer-new' }
  | { readonly name: 'vehicles' }
  | { readonly name: 'vehicle'; readonly id: string }
  | { readonly name: 'vehicle-new'; readonly customerId?: string }
  | { readonly name: 'settings' }
  | { readonly name: 'integrations' }
  | { readonly name: 'billing' }
  | { readonly name: 'dashboard'; readonly filters?: FigureFilters }
  | { readonly name: 'settlements' }
  | { readonly name: 'exports'; readonly filters?: FigureFilters }
  | { readonly name: 'rental'; readonly tab?: RentalTab }
  | { readonly name: 'fleet-vehicle'; readonly id: string }
  | { readonly name: 'renter'; readonly id: string }
  | { readonly name: 'renter-new' }
  | { readonly name: 'reservation'; readonly id: string }
  | { readonly name: 'reservation-new'; readonly vehicleId?: string; readonly renterId?: string }
  | { readonly name: 'contract'; readonly id: string }
  | { readonly name: 'pickup'; readonly reservationId: string }
  | { readonly name: 'return'; readonly contractId: string };

export type RentalTab = 'calendar' | 'reservations' | 'contracts' | 'fleet' | 'renters';
const RENTAL_TABS: readonly RentalTab[] = ['calendar', 'reservations', 'contracts', 'fleet', 'renters'];
const isRentalTab = (value: string | undefined): value is RentalTab => RENTAL_TABS.some((tab) => tab === value);

export type JobFilter = 'open' | 'ready' | 'all';
/** The dashboard's and exports' filters as they stand in the URL (checked by the core). */
export interface FigureFilters {
  readonly site?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: string;
  readonly manager?: string;
}
const FIGURE_FILTER_KEYS = ['site', 'from', 'to', 'status', 'manager'] as const;

function figureFiltersOf(param: (key: string) => string | undefined): FigureFilters {
  return Object.fromEntries(FIGURE_FILTER_KEYS.flatMap((key) => (param(key) ? [[key, param(key)]] : [])));
}
/** 'all' is the owners' all-sites view. */
export type SiteChoice = string | 'all';

export interface NavState {
  readonly route: Route;
  readonly site: SiteChoice;
  navigate(route: Route): void;
  /** Called when the hash changes outside navigate (back/forward, typed URL). */
  syncFromHash(hash: string): void;
  chooseSite(site: SiteChoice): void;
}

export interface HashPort {
  read(): string;
  write(hash: string): void;
}

const DEFAULT_ROUTE: Route = { name: 'jobs', filter: 'open' };

export function routeToHash(route: Route): string {
  const query = (params: Record<string, string | undefined>) => {
    const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
  };
  switch (route.name) {
    case 'jobs':
      return `#/jobs${query({ filter: route.filter })}`;
    case 'job':
      return `#/jobs/${route.id}`;
    case 'job-new':
      return `#/jobs/new${query({ customer: route.customerId, vehicle: route.vehicleId })}`;
    case 'customers':
      return '#/customers';
    case 'customer':
      return `#/customers/${route.id}`;
    case 'customer-new':
      return '#/customers/new';
    case 'vehicles':
      return '#/vehicles';
    case 'vehicle':
      return `#/vehicles/${route.id}`;
    case 'vehicle-new':
      return `#/vehicles/new${query({ customer: route.customerId })}`;
    case 'settings':
      return '#/settings';
    case 'integrations':
      return '#/integrations';
    case 'billing':
      return '#/billing';
    case 'dashboard':
    case 'exports':
      return `#/${route.name}${query({ ...route.filters })}`;
    case 'settlements':
      return '#/settlements';
    default:
      return rentalRouteToHash(route, query);
  }
}

type RentalRoute = Extract<
  Route,
  {
    name:
      | 'rental'
      | 'fleet-vehicle'
      | 'renter'
      | 'renter-new'
      | 'reservation'
      | 'reservation-new'
      | 'contract'
      | 'pickup'
      | 'return';
  }
>;

function rentalRouteToHash(route: RentalRoute, query: (params: Record<string, string | undefined>) => string): string {
  switch (route.name) {
    case 'rental':
      return `#/rental${query({ tab: route.tab })}`;
    case 'fleet-vehicle':
      return `#/rental/fleet/${route.id}`;
    case 'renter':
      return `#/rental/renters/${route.id}`;
    case 'renter-new':
      return '#/rental/renters/new';
    case 'reservation':
      return `#/rental/reservations/${route.id}`;
    case 'reservation-new':
      return `#/rental/reservations/new${query({ vehicle: route.vehicleId, renter: route.renterId })}`;
    case 'contract':
      return `#/rental/contracts/${route.id}`;
    case 'pickup':
      return `#/rental/pickup/${route.reservationId}`;
    case 'return':
      return `#/rental/return/${route.contractId}`;
  }
}

function hashToRentalRoute(parts: readonly (string | undefined)[], param: (key: string) => string | undefined): Route {
  const [, kind, id] = parts;
  if (!kind || !id) {
    const tab = param('tab');
    return { name: 'rental', ...(isRentalTab(tab) ? { tab } : {}) };
  }
  if (kind === 'fleet') return { name: 'fleet-vehicle', id };
  if (kind === 'renters') return id === 'new' ? { name: 'renter-new' } : { name: 'renter', id };
  if (kind === 'reservations')
    return id === 'new'
      ? { name: 'reservation-new', vehicleId: param('vehicle'), renterId: param('renter') }
      : { name: 'reservation', id };
  if (kind === 'contracts') return { name: 'contract', id };
  if (kind === 'pickup') return { name: 'pickup', reservationId: id };
  if (kind === 'return') return { name: 'return', contractId: id };
  return { name: 'rental' };
}

export function hashToRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const param = (key: string) => params.get(key) ?? undefined;
  const [area, id] = path.split('/');
  if (area === 'jobs') {
    if (id === 'new') return { name: 'job-new', customerId: param('customer'), vehicleId: param('vehicle') };
    if (id) return { name: 'job', id };
    const filter = param('filter');
    return { name: 'jobs', filter: filter === 'ready' || filter === 'all' ? filter : 'open' };
  }
  if (area === 'customers')
    return id === 'new' ? { name: 'customer-new' } : id ? { name: 'customer', id } : { name: 'customers' };
  if (area === 'vehicles') {
    if (id === 'new') return { name: 'vehicle-new', customerId: param('customer') };
    return id ? { name: 'vehicle', id } : { name: 'vehicles' };
  }
  if (area === 'settings') return { name: 'settings' };
  if (area === 'integrations') return { name: 'integrations' };
  if (area === 'billing') return { name: 'billing' };
  if (area === 'dashboard' || area === 'exports') return { name: area, filters: figureFiltersOf(param) };
  if (area === 'settlements') return { name: 'settlements' };
  if (area === 'rental') return hashToRentalRoute(path.split('/'), param);
  return DEFAULT_ROUTE;
}

export function createNavStore(hash: HashPort, initialSite: SiteChoice): StoreApi<NavState> {
  return createStore<NavState>()((set) => ({
    route: hashToRoute(hash.read()),
    site: initialSite,
    navigate(route) {
      hash.write(routeToHash(route));
      set({ route });
    },
    syncFromHash: (value) => set({ route: hashToRoute(value) }),
    chooseSite: (site) => set({ site }),
  }));
}
