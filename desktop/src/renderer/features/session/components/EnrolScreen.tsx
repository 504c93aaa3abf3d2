import { useState, type FormEvent } from 'react';
import { useSession } from '../../../app/context.tsx';
import { Field } from '../../../lib/Field.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/** First run: connect this PC to the company's server with a one-time code from a manager. */
export function EnrolScreen() {
  const suggested = useSession((state) => state.info?.suggestedEnrolment ?? null);
  const enrol = useSession((state) => state.enrol);
  const [serverUrl, setServerUrl] = useState(suggested?.serverUrl ?? '');
  const [code, setCode] = useState(suggested?.code ?? '');
  const [name, setName] = useState('Front counter');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await enrol({ serverUrl: serverUrl.trim(), code: code.trim(), name: name.trim() });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-label="Connect this PC">
        <div className="brand brand-large">Forecourt</div>
        <h1>Connect this PC</h1>
        <p className="muted">
          Ask an owner or manager for an enrolment code (Settings → Devices on a PC that is already connected). This is
          needed once per PC.
        </p>
        <Field label="Server address" hint="For example https://sync.yourgarage.in">
          {(id) => (
            <input
              id={id}
              type="url"
              required
              autoFocus
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              placeholder="https://"
            />
          )}
        </Field>
        <Field label="Enrolment code">
          {(id) => (
            <input
              id={id}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="mono"
            />
          )}
        </Field>
        <Field label="Name of this PC" hint="Shown in the device list, e.g. “Front counter” or “Workshop office”">
          {(id) => <input id={id} required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </main>
  );
}
