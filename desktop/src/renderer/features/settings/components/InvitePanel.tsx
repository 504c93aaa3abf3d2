import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { useServerCall } from '../use-server-call.ts';
import { SiteField } from './SiteField.tsx';

type Invite = ChannelOutput<'admin:createInvite'>;
type OpenInvite = ChannelOutput<'admin:invites'>[number];
type InviteRole = Invite['role'];

const ROLE_NAMES: Readonly<Record<InviteRole, string>> = { manager: 'Manager', staff: 'Staff' };

/**
 * The owner invites someone to a site and a role. The code is shown once; the person types it
 * under “Join with an invite code” on a PC of that site and chooses their own email and password.
 */
export function InvitePanel() {
  const { sites, siteName, locale } = useReference();
  const { run, busy } = useServerCall();
  const [siteId, setSiteId] = useState('');
  const [role, setRole] = useState<InviteRole>('staff');
  const [created, setCreated] = useState<Invite | null>(null);
  const [open, setOpen] = useState<OpenInvite[]>([]);
  const chosenSite = siteId || (sites[0]?.id ?? '');

  // Someone joining adds a users row: read the open invites again then, so a used one disappears.
  const userCount = useRows('users').rows.length;
  const reload = useCallback(async () => setOpen((await run('admin:invites', null)) ?? []), [run]);
  useEffect(() => void reload(), [reload, userCount]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invite = await run('admin:createInvite', { siteId: chosenSite, role });
    if (!invite) return;
    setCreated(invite);
    await reload();
  };
  const withdraw = async (id: string) => {
    if ((await run('admin:withdrawInvite', { id }, 'Invite withdrawn.')) === null) return;
    if (created?.id === id) setCreated(null);
    await reload();
  };

  return (
    <div className="panel">
      <h2>Invite someone</h2>
      <form className="inline-form" onSubmit={submit}>
        <SiteField value={chosenSite} onChange={setSiteId} />
        <Field label="Role">
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'staff')}>
              <option value="staff">Staff — counter work</option>
              <option value="manager">Manager — the site, its PCs and conflicts</option>
            </select>
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy || !chosenSite}>
          {busy ? 'Asking the server…' : 'Create invite'}
        </button>
      </form>
      {created ? (
        <div className="code-card" data-testid="invite-code">
          <div className="code-value mono">{created.code}</div>
          <div className="muted small">
            {ROLE_NAMES[created.role]} at {siteName(created.siteId)} · valid once, until{' '}
            {formatDateTime(created.expiresAt, locale)}. On a PC of that site, choose “Join with an invite code” on the
            sign-in screen.
          </div>
        </div>
      ) : null}
      {open.length > 0 ? (
        <table className="table" data-testid="open-invites">
          <thead>
            <tr>
              <th>Open invite</th>
              <th>Site</th>
              <th>Valid until</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {open.map((invite) => (
              <tr key={invite.id}>
                <td>{ROLE_NAMES[invite.role]}</td>
                <td>{siteName(invite.siteId)}</td>
                <td>{formatDateTime(invite.expiresAt, locale)}</td>
                <td>
                  <button type="button" className="button small ghost" onClick={() => void withdraw(invite.id)}>
                    Withdraw
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
