import { useMemo, useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { formatPhone } from '../../../../common/phone-format.ts';
import { useRows } from '../../../lib/use-rows.ts';

const SHOWN = 200;

export function CustomerList() {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const role = useSession((state) => state.user?.role);
  const { siteName } = useReference();
  const { rows, loading } = useRows('customers', { where: scope.where, orderBy: 'name' });
  const jobs = useRows('jobs', { where: scope.where }).rows;
  const [filter, setFilter] = useState('');

  const openJobs = useMemo(() => {
    const counts = new Map<string, number>();
    for (const job of jobs) {
      if (job.status === 'delivered' || job.status === 'cancelled') continue;
      counts.set(text(job.customer_id), (counts.get(text(job.customer_id)) ?? 0) + 1);
    }
    return counts;
  }, [jobs]);
  const wanted = filter.trim().toLowerCase();
  const digits = wanted.replace(/\D+/g, '');
  const shown = rows.filter(
    (row) =>
      !wanted ||
      text(row.name).toLowerCase().includes(wanted) ||
      (digits.length >= 3 && text(row.phone).includes(digits)),
  );

  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Customers</h1>
        <input
          className="filter"
          type="search"
          placeholder="Filter by name or phone"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter customers"
        />
        {canRun(role, 'customer.create') ? (
          <button
            type="button"
            className="button primary"
            onClick={() => nav.getState().navigate({ name: 'customer-new' })}
          >
            New customer <kbd className="kbd">Alt+C</kbd>
          </button>
        ) : null}
      </header>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Mobile</th>
            <th>Email</th>
            {scope.allSites ? <th>Site</th> : null}
            <th className="num">Open jobs</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, SHOWN).map((row) => (
            <tr
              key={row.id}
              className="clickable"
              tabIndex={0}
              onClick={() => nav.getState().navigate({ name: 'customer', id: row.id })}
              onKeyDown={(e) => e.key === 'Enter' && nav.getState().navigate({ name: 'customer', id: row.id })}
            >
              <td className="strong">{text(row.name)}</td>
              <td className="mono">{formatPhone(row.phone)}</td>
              <td>{text(row.email)}</td>
              {scope.allSites ? <td>{siteName(row.site_id)}</td> : null}
              <td className="num">{openJobs.get(row.id) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && shown.length === 0 ? (
        <p className="empty">{wanted ? 'No customer matches that filter.' : 'No customers yet.'}</p>
      ) : null}
      {shown.length > SHOWN ? (
        <p className="muted small">
          Showing {SHOWN} of {shown.length}. Type in the filter to narrow the list.
        </p>
      ) : null}
    </section>
  );
}
