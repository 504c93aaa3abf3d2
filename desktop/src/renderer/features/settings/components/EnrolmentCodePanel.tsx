import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useApi, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime, text } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';

type Created = ChannelOutput<'admin:createEnrolmentCode'>;

/** A one-time code to connect another PC; shown once, so it is displayed large to copy down. */
export function EnrolmentCodePanel() {
  const api = useApi();
  const available = useSession((state) => state.info?.features.enrolmentCodes ?? false);
  const role = useSession((state) => state.user?.role);
  const userSites = useSession((state) => state.user?.siteIds ?? []);
  const { sites, siteName, locale } = useReference();
  const choosable = role === 'owner' ? sites : sites.filter((site) => userSites.includes(site.id));
  const [target, setTarget] = useState<string>(choosable[0]?.id ?? '');
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!available) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scope = target === 'tenant' ? 'tenant' : 'site';
      setCreated(
        await api.call('admin:createEnrolmentCode', {
          scope,
          siteId: scope === 'site' ? target || (choosable[0]?.id ?? null) : null,
        }),
      );
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h2>Connect another PC</h2>
      <form className="inline-form" onSubmit={submit}>
        <Field label="The new PC works for">
          {(id) => (
            <select id={id} value={target || (choosable[0]?.id ?? '')} onChange={(e) => setTarget(e.target.value)}>
              {choosable.map((site) => (
                <option key={site.id} value={site.id}>
                  {text(site.name)}
                </option>
              ))}
              {role === 'owner' ? <option value="tenant">All sites (owner’s PC)</option> : null}
            </select>
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Asking the server…' : 'Create enrolment code'}
        </button>
      </form>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {created ? (
        <div className="code-card" data-testid="enrolment-code">
          <div className="code-value mono">{created.code}</div>
          <div className="muted small">
            For {created.scope === 'tenant' ? 'all sites' : siteName(created.siteId)} · valid once, until{' '}
            {formatDateTime(created.expiresAt, locale)}. Enter it on the new PC under “Connect this PC”.
          </div>
        </div>
      ) : null}
    </div>
  );
}
