import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { messageOf } from '../../../lib/use-rows.ts';
import { SetPinDialog } from './SetPinDialog.tsx';

const ROLE_NAMES: Readonly<Record<string, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  staff: 'Staff',
  viewer: 'Viewer',
};

/** Who is signed in, and the two things they do with that: set a PIN, sign out. */
export function UserMenu() {
  const { toasts, confirm } = useDeps();
  const user = useSession((state) => state.user);
  const logout = useSession((state) => state.logout);
  const [open, setOpen] = useState(false);
  const [pinDialog, setPinDialog] = useState(false);
  if (!user) return null;

  const signOut = async () => {
    setOpen(false);
    const answer = await confirm.getState().ask({
      title: 'Sign out?',
      body: 'Changes made on this PC stay saved and keep syncing. The next person signs in with their own account.',
      confirmLabel: 'Sign out',
    });
    if (!answer.confirmed) return;
    try {
      await logout();
    } catch (error) {
      toasts.getState().show('error', messageOf(error));
    }
  };

  return (
    <div className="user-menu">
      <button
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">{user.name}</span>
        <span className="user-role">
          {ROLE_NAMES[user.role]}
          {user.offline ? ' · offline sign-in' : ''}
        </span>
      </button>
      {open ? (
        <ul className="menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <li role="none">
            <div className="menu-note">{user.email}</div>
          </li>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                setPinDialog(true);
              }}
            >
              Set PIN for offline sign-in
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={() => void signOut()}>
              Sign out
            </button>
          </li>
        </ul>
      ) : null}
      {pinDialog ? <SetPinDialog onClose={() => setPinDialog(false)} /> : null}
    </div>
  );
}
