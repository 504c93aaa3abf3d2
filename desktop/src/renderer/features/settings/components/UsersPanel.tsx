import { Fragment, useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { useServerCall } from '../use-server-call.ts';
import { UserRoleForm } from './UserRoleForm.tsx';

const ROLE_LABELS: Readonly<Record<string, string>> = {
  owner: 'Owner — every site, confirms payments',
  manager: 'Manager — assigned sites, devices, conflicts',
  staff: 'Staff — counter work',
  viewer: 'Viewer — read only',
};

/**
 * Users as the server replicates them; the owner switches people off and on and changes their role
 * and site (online).
 */
export function UsersPanel() {
  const { rows } = useRows('users', { orderBy: 'name' });
  const { siteName } = useReference();
  const me = useSession((state) => state.user);
  const owner = me?.role === 'owner';
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="panel">
      <h2>Users and roles</h2>
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Sites</th>
            <th>Status</th>
            {owner ? <th aria-label="Actions" /> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((user) => {
            const sites = Array.isArray(user.site_ids) ? user.site_ids : [];
            return (
              <Fragment key={user.id}>
                <tr>
                  <td className="strong">{text(user.name)}</td>
                  <td>{text(user.email)}</td>
                  <td>{ROLE_LABELS[text(user.role)] ?? text(user.role)}</td>
                  <td>{user.role === 'owner' ? 'All sites' : sites.map(siteName).join(', ') || '—'}</td>
                  <td>
                    {user.active === false ? (
                      <span className="pill pill-warn">Deactivated</span>
                    ) : (
                      <span className="pill pill-ok">Active</span>
                    )}
                  </td>
                  {owner ? (
                    <td>
                      {user.id === me?.userId ? null : (
                        <div className="actions">
                          <button
                            type="button"
                            className="button small"
                            aria-expanded={editing === user.id}
                            onClick={() => setEditing(editing === user.id ? null : user.id)}
                          >
                            Change role…
                          </button>
                          <UserStatusButton user={user} />
                        </div>
                      )}
                    </td>
                  ) : null}
                </tr>
                {editing === user.id ? (
                  <tr>
                    <td colSpan={6}>
                      <UserRoleForm user={user} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function UserStatusButton({ user }: { user: Row }) {
  const { confirm } = useDeps();
  const { run, busy } = useServerCall();
  const name = text(user.name);
  if (user.active === false) {
    return (
      <button
        type="button"
        className="button small"
        disabled={busy}
        onClick={() => void run('admin:setUserActive', { userId: user.id, active: true }, `${name} can sign in again.`)}
      >
        Reactivate
      </button>
    );
  }
  const deactivate = async () => {
    const answer = await confirm.getState().ask({
      title: `Deactivate ${name}?`,
      body: 'They are signed out on every PC and can no longer sign in or sync. Their past work stays.',
      confirmLabel: 'Deactivate',
      danger: true,
    });
    if (answer.confirmed)
      await run('admin:setUserActive', { userId: user.id, active: false }, `${name} is deactivated.`);
  };
  return (
    <button type="button" className="button small danger-outline" disabled={busy} onClick={() => void deactivate()}>
      Deactivate
    </button>
  );
}
