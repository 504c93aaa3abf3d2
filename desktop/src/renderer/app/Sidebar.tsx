import { RENTAL_ROUTES } from '../features/rental/components/RentalScreens.tsx';
import { canRun } from '../lib/permissions.ts';
import { useDeps, useNav, useSession } from './context.tsx';
import type { Route } from './navigation.ts';

const SECTIONS: ReadonlyArray<{
  label: string;
  route: Route;
  area: readonly Route['name'][];
  key?: string;
  /** Shown only to these roles (the core checks them again on every call). */
  roles?: readonly string[];
}> = [
  { label: 'Jobs', route: { name: 'jobs', filter: 'open' }, area: ['jobs', 'job', 'job-new'], key: 'Alt+1' },
  { label: 'Customers', route: { name: 'customers' }, area: ['customers', 'customer', 'customer-new'], key: 'Alt+2' },
  { label: 'Vehicles', route: { name: 'vehicles' }, area: ['vehicles', 'vehicle', 'vehicle-new'], key: 'Alt+3' },
  { label: 'Rental', route: { name: 'rental', tab: 'calendar' }, area: RENTAL_ROUTES },
  { label: 'Dashboard', route: { name: 'dashboard' }, area: ['dashboard'], roles: ['owner', 'manager'] },
  { label: 'Settlements', route: { name: 'settlements' }, area: ['settlements'], roles: ['owner', 'manager', 'staff'] },
  { label: 'Exports', route: { name: 'exports' }, area: ['exports'], roles: ['owner', 'manager'] },
  { label: 'Settings', route: { name: 'settings' }, area: ['settings'], key: 'Alt+4' },
  { label: 'Integrations', route: { name: 'integrations' }, area: ['integrations'], roles: ['owner'] },
  { label: 'Plan and billing', route: { name: 'billing' }, area: ['billing'], roles: ['owner'] },
];

export function Sidebar(props: { onHelp: () => void }) {
  const { nav } = useDeps();
  const current = useNav((state) => state.route.name);
  const role = useSession((state) => state.user?.role);
  return (
    <nav className="sidebar" aria-label="Main">
      {canRun(role, 'job.create') ? (
        <button
          type="button"
          className="button primary block new-job"
          onClick={() => nav.getState().navigate({ name: 'job-new' })}
        >
          + New job
        </button>
      ) : null}
      <ul>
        {SECTIONS.filter((section) => !section.roles || (role && section.roles.includes(role))).map((section) => (
          <li key={section.label}>
            <a
              href={`#/${section.route.name}`}
              aria-current={section.area.includes(current) ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                nav.getState().navigate(section.route);
              }}
            >
              <span>{section.label}</span>
              {section.key ? <kbd className="kbd subtle">{section.key}</kbd> : null}
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="link shortcuts-link" onClick={props.onHelp}>
        Keyboard shortcuts <kbd className="kbd subtle">?</kbd>
      </button>
    </nav>
  );
}
