import { useReference } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';

const ROLE_LABELS: Readonly<Record<string, string>> = {
  owner: 'Owner — every site, confirms payments',
  manager: 'Manager — assigned sites, devices, conflicts',
  staff: 'Staff — counter work',
  viewer: 'Viewer — read only',
};

/** Users as the server replicates them. Inviting and changing roles needs server routes not built yet. */
export function UsersPanel() {
  const { rows } = useRows('users', { orderBy: 'name' });
  const { siteName } = useReference();
  return (
    <div className="panel">
      <h2>Users and roles</h2>
      <p className="muted small">
        Users are managed on the server; inviting people and changing roles from here comes later.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Sites</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((user) => {
            const sites = Array.isArray(user.site_ids) ? user.site_ids : [];
            return (
              <tr key={user.id}>
                <td className="strong">{text(user.name)}</td>
                <td>{text(user.email)}</td>
                <td>{ROLE_LABELS[text(user.role)] ?? text(user.role)}</td>
                <td>{user.role === 'owner' ? 'All sites' : sites.map(siteName).join(', ') || '—'}</td>
                <td>
                  {user.active === false ? (
                    <span className="pill pill-warn">Inactive</span>
                  ) : (
                    <span className="pill pill-ok">Active</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
