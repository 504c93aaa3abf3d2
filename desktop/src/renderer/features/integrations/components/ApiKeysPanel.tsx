import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { useServerData } from '../use-server-data.ts';
import { LoadProblem } from './LoadProblem.tsx';
import { NewKeyCard } from './NewKeyCard.tsx';

type Scope = 'read' | 'read-write';
type Created = ChannelOutput<'integrations:createApiKey'>;
const SCOPE_LABELS: Readonly<Record<string, string>> = { read: 'Read only', 'read-write': 'Read and write' };

/** Keys for other systems to use Forecourt's API: created here, the secret shown once, revoked here. */
export function ApiKeysPanel() {
  const api = useApi();
  const { toasts, confirm } = useDeps();
  const { locale } = useReference();
  const keys = useServerData('integrations:apiKeys', null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.call('integrations:createApiKey', { name: name.trim(), scope }));
      setName('');
      keys.reload();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string, keyName: string) => {
    const answer = await confirm.getState().ask({
      title: `Revoke “${keyName}”?`,
      body: 'Systems using this key are refused from now on. This cannot be undone; create a new key instead.',
      confirmLabel: 'Revoke key',
      danger: true,
    });
    if (!answer.confirmed) return;
    try {
      await api.call('integrations:revokeApiKey', { id });
      toasts.getState().show('success', `“${keyName}” is revoked.`);
      if (created?.id === id) setCreated(null);
      keys.reload();
    } catch (failure) {
      toasts.getState().show('error', messageOf(failure));
    }
  };

  return (
    <div className="panel">
      <h2>API keys</h2>
      <form className="inline-form" onSubmit={create}>
        <Field label="Name of the system">
          {(id) => (
            <input
              id={id}
              value={name}
              maxLength={80}
              placeholder="e.g. Accounting export"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label="Access">
          {(id) => (
            <select
              id={id}
              value={scope}
              onChange={(e) => setScope(e.target.value === 'read-write' ? 'read-write' : 'read')}
            >
              <option value="read">Read only</option>
              <option value="read-write">Read and write</option>
            </select>
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy || name.trim() === ''}>
          {busy ? 'Asking the server…' : 'Create key'}
        </button>
      </form>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {created ? <NewKeyCard created={created} onDone={() => setCreated(null)} /> : null}
      {keys.error ? <LoadProblem error={keys.error} onRetry={keys.reload} /> : null}
      {keys.data && keys.data.length === 0 ? <div className="empty">No API keys yet.</div> : null}
      {keys.data && keys.data.length > 0 ? (
        <table className="table integrations-keys" data-testid="api-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Access</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id}>
                <td className="strong">{key.name}</td>
                <td className="mono small">fck_{key.prefix}_…</td>
                <td>{SCOPE_LABELS[key.scope] ?? key.scope}</td>
                <td>{formatDateTime(key.createdAt, locale)}</td>
                <td>
                  {key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : <span className="muted">never</span>}
                </td>
                <td>
                  {key.revokedAt ? (
                    <span className="pill pill-warn">Revoked</span>
                  ) : (
                    <span className="pill pill-ok">Active</span>
                  )}
                </td>
                <td>
                  {key.revokedAt ? null : (
                    <button
                      type="button"
                      className="button small danger-outline"
                      onClick={() => void revoke(key.id, key.name)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
