import { useState, type FormEvent } from 'react';
import { useApi, useSession } from '../../../app/context.tsx';
import { Field } from '../../../lib/Field.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/**
 * A new person joins with the invite code the owner gave them: they choose their name, email and
 * password, the server creates their account for the invite's site and role, and this PC signs
 * them in. Needs the internet; used or expired codes are refused with the reason.
 */
export function JoinWithInvite({ onBack }: { onBack: () => void }) {
  const api = useApi();
  const userChanged = useSession((state) => state.userChanged);
  const [form, setForm] = useState({ code: '', name: '', email: '', password: '', repeat: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((old) => ({ ...old, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password !== form.repeat) return setError('The two passwords are not the same.');
    setBusy(true);
    setError(null);
    try {
      const user = await api.call('session:join', {
        code: form.code.trim(),
        name: form.name.trim(),
        email: form.email.trim(),
        password: form.password,
      });
      userChanged(user);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gate-card" onSubmit={submit} aria-label="Join with an invite code">
      <div className="brand brand-large">Forecourt</div>
      <h1>Join with an invite code</h1>
      <Field label="Invite code" hint="From the owner, e.g. ABCDE-FGHJK">
        {(id) => (
          <input
            id={id}
            required
            autoFocus
            autoComplete="off"
            className="mono code-input"
            value={form.code}
            onChange={(e) => set('code')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Your name">
        {(id) => (
          <input id={id} required maxLength={120} value={form.name} onChange={(e) => set('name')(e.target.value)} />
        )}
      </Field>
      <Field label="Email">
        {(id) => (
          <input
            id={id}
            type="email"
            required
            autoComplete="username"
            value={form.email}
            onChange={(e) => set('email')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Choose a password" hint="At least 8 characters">
        {(id) => (
          <input
            id={id}
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set('password')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Repeat the password">
        {(id) => (
          <input
            id={id}
            type="password"
            required
            autoComplete="new-password"
            value={form.repeat}
            onChange={(e) => set('repeat')(e.target.value)}
          />
        )}
      </Field>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <button type="submit" className="button primary block" disabled={busy}>
        {busy ? 'Joining…' : 'Join and sign in'}
      </button>
      <button type="button" className="link" onClick={onBack}>
        Back to sign-in
      </button>
    </form>
  );
}
