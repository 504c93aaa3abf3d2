import { useState, type FormEvent } from 'react';
import type { ChannelInput } from '../../../../common/contract.ts';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useServerCall } from '../use-server-call.ts';
import { SiteField } from './SiteField.tsx';

type AssignableRole = ChannelInput<'admin:setUserRole'>['role'];
const ROLE_CHOICES: ReadonlyArray<[AssignableRole, string]> = [
  ['manager', 'Manager — the site, its PCs and conflicts'],
  ['staff', 'Staff — counter work'],
  ['viewer', 'Viewer — read only'],
];
const isAssignable = (value: string): value is AssignableRole => ROLE_CHOICES.some(([role]) => role === value);

/**
 * The owner changes someone's role and the site they work at (online: the server checks it and
 * refuses their own role and the last owner). The server applies it at once; their counter picks
 * it up at its next pull or token refresh.
 */
export function UserRoleForm({ user, onDone }: { user: Row; onDone: () => void }) {
  const { sites } = useReference();
  const { run, busy } = useServerCall();
  const current = text(user.role);
  const currentSites = Array.isArray(user.site_ids) ? user.site_ids.map(text) : [];
  const [role, setRole] = useState<AssignableRole>(isAssignable(current) ? current : 'manager');
  const [siteId, setSiteId] = useState(currentSites[0] ?? sites[0]?.id ?? '');
  const name = text(user.name);
  const unchanged = role === current && currentSites.length === 1 && currentSites[0] === siteId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const siteName = text(sites.find((site) => site.id === siteId)?.name);
    const done = await run(
      'admin:setUserRole',
      { userId: user.id, role, siteId },
      `${name} is now ${role} at ${siteName}. Their PC picks it up at its next sync.`,
    );
    if (done) onDone();
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid="user-role-form" aria-label={`Role of ${name}`}>
      {current === 'owner' ? (
        <p className="muted small">{name} is an owner: this takes away confirming payments and every site.</p>
      ) : null}
      <Field label="Role">
        {(id) => (
          <select
            id={id}
            value={role}
            onChange={(e) => {
              if (isAssignable(e.target.value)) setRole(e.target.value);
            }}
          >
            {ROLE_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SiteField value={siteId} onChange={setSiteId} />
      <button type="submit" className="button primary small" disabled={busy || unchanged || !siteId}>
        {busy ? 'Asking the server…' : 'Save role'}
      </button>
      <button type="button" className="button small" onClick={onDone} disabled={busy}>
        Cancel
      </button>
    </form>
  );
}
