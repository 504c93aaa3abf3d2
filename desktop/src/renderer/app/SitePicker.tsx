import { text } from '../lib/format.ts';
import { Field } from '../lib/Field.tsx';
import { useDeps, useSession } from './context.tsx';
import { useReference, useSiteScope } from './reference.ts';

/** In the all-sites view a new record needs its site picked. */
export function SitePicker(props: { value: string | null; onChange: (siteId: string | null) => void }) {
  const { sites } = useReference();
  return (
    <Field label="Site" hint="You are in the all-sites view: choose where this belongs">
      {(id) => (
        <select id={id} required value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)}>
          <option value="">Choose a site…</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {text(site.name)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * On an all-sites PC, owners switch between every site and the all-sites view, and a manager of
 * several sites between theirs. Everyone else sees the name of their site: there is no choice.
 */
export function SiteSwitcher() {
  const { nav } = useDeps();
  const identity = useSession((state) => state.identity);
  const user = useSession((state) => state.user);
  const { sites, siteName } = useReference();
  const { where, allSites } = useSiteScope();
  const owner = user?.role === 'owner';
  const choosable = owner ? sites : sites.filter((site) => user?.siteIds.includes(site.id));
  if (identity?.scope !== 'tenant' || choosable.length < (owner ? 1 : 2)) {
    return (
      <div className="site-name" title="The site this PC works for">
        {siteName(where.site_id ?? identity?.siteId)}
      </div>
    );
  }
  return (
    <label className="site-switcher">
      <span className="visually-hidden">Site</span>
      <select
        value={allSites ? 'all' : (where.site_id ?? '')}
        onChange={(e) => nav.getState().chooseSite(e.target.value)}
        aria-label="Site"
        data-testid="site-switcher"
      >
        {owner ? <option value="all">All sites</option> : null}
        {choosable.map((row) => (
          <option key={row.id} value={row.id}>
            {text(row.name)}
          </option>
        ))}
      </select>
    </label>
  );
}
