import { useMemo, useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useSiteScope } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useRows } from '../../../lib/use-rows.ts';

const SHOWN = 200;

export function VehicleList() {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const role = useSession((state) => state.user?.role);
  const { rows, loading } = useRows('vehicles', { where: scope.where, orderBy: 'registration' });
  const customers = useRows('customers', { where: scope.where }).rows;
  const owners = useMemo(() => new Map(customers.map((row) => [row.id, text(row.name)])), [customers]);
  const [filter, setFilter] = useState('');
  const wanted = filter.replace(/[\s-]+/g, '').toUpperCase();
  const shown = rows.filter(
    (row) =>
      !wanted ||
      text(row.registration)
        .replace(/[\s-]+/g, '')
        .includes(wanted),
  );
  const open = (id: string) => nav.getState().navigate({ name: 'vehicle', id });

  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Vehicles</h1>
        <input
          className="filter"
          type="search"
          placeholder="Filter by registration"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter vehicles"
        />
        {canRun(role, 'vehicle.create') ? (
          <button
            type="button"
            className="button primary"
            onClick={() => nav.getState().navigate({ name: 'vehicle-new' })}
          >
            New vehicle
          </button>
        ) : null}
      </header>
      <table className="table">
        <thead>
          <tr>
            <th>Registration</th>
            <th>Make and model</th>
            <th>Year</th>
            <th>Owner</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, SHOWN).map((row) => (
            <tr
              key={row.id}
              className="clickable"
              tabIndex={0}
              onClick={() => open(row.id)}
              onKeyDown={(e) => e.key === 'Enter' && open(row.id)}
            >
              <td>
                <span className="plate">{text(row.registration)}</span>
              </td>
              <td>{[text(row.make), text(row.model)].filter(Boolean).join(' ')}</td>
              <td>{text(row.year)}</td>
              <td>{owners.get(text(row.customer_id)) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && shown.length === 0 ? (
        <p className="empty">{wanted ? 'No vehicle matches that registration.' : 'No vehicles yet.'}</p>
      ) : null}
      {shown.length > SHOWN ? (
        <p className="muted small">
          Showing {SHOWN} of {shown.length}. Type in the filter to narrow the list.
        </p>
      ) : null}
    </section>
  );
}
