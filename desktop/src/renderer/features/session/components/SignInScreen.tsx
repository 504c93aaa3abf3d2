import { useState, type FormEvent } from 'react';
import { useSession, useSync } from '../../../app/context.tsx';
import { Field } from '../../../lib/Field.tsx';
import { messageOf } from '../../../lib/use-rows.ts';
import { JoinWithInvite } from './JoinWithInvite.tsx';

type Method = 'password' | 'pin';

/**
 * Sign-in at the counter. With the internet down, someone who signed in on this PC before can
 * use their PIN; the screen offers that directly when the server cannot be reached.
 */
export function SignInScreen() {
  const login = useSession((state) => state.login);
  const loginWithPin = useSession((state) => state.loginWithPin);
  // Offline only after a real failure: before the first sync round the core simply has not tried yet.
  const unreachable = useSync((state) => Boolean(state.status && !state.status.online && state.status.lastError));
  const [method, setMethod] = useState<Method>('password');
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [joining, setJoining] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (method === 'password') await login({ email: email.trim(), password: secret });
      else await loginWithPin({ email: email.trim(), pin: secret });
    } catch (failure) {
      setError(messageOf(failure));
      setSecret('');
    } finally {
      setBusy(false);
    }
  };
  const choose = (next: Method) => {
    setMethod(next);
    setSecret('');
    setError(null);
  };

  if (joining)
    return (
      <main className="gate">
        <JoinWithInvite onBack={() => setJoining(false)} />
      </main>
    );
  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-label="Sign in">
        <div className="brand brand-large">Forecourt</div>
        <h1>Sign in</h1>
        {unreachable && method === 'password' ? (
          <div className="notice warn">
            The server cannot be reached. If you have signed in on this PC before, use your PIN.{' '}
            <button type="button" className="link" onClick={() => choose('pin')}>
              Sign in with PIN
            </button>
          </div>
        ) : null}
        <div className="segmented" role="tablist" aria-label="Sign-in method">
          <button type="button" role="tab" aria-selected={method === 'password'} onClick={() => choose('password')}>
            Password
          </button>
          <button type="button" role="tab" aria-selected={method === 'pin'} onClick={() => choose('pin')}>
            PIN (works offline)
          </button>
        </div>
        <Field label="Email">
          {(id) => (
            <input
              id={id}
              type="email"
              required
              autoFocus
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        {method === 'password' ? (
          <Field label="Password">
            {(id) => (
              <input
                id={id}
                type="password"
                required
                autoComplete="current-password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field label="PIN" hint="The 4–8 digit PIN you set on this PC">
            {(id) => (
              <input
                id={id}
                type="password"
                inputMode="numeric"
                pattern="[0-9]{4,8}"
                required
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                className="mono"
              />
            )}
          </Field>
        )}
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="link" onClick={() => setJoining(true)}>
          New here? Join with an invite code
        </button>
      </form>
    </main>
  );
}
