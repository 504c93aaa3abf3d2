import { useState, type FormEvent } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { Field } from '../../../lib/Field.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/** A browser on the LAN (a tablet in the bay) pairs once with the code shown on the counter PC. */
export function PairingScreen() {
  const pair = useDeps().pair;
  const boot = useSession((state) => state.boot);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pair) return;
    try {
      await pair(code.trim());
      await boot();
    } catch (failure) {
      setError(messageOf(failure));
      setCode('');
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-label="Pair this device">
        <div className="brand brand-large">Forecourt</div>
        <h1>Pair with the counter</h1>
        <p className="muted">
          On the counter PC, open Settings → Tablet access and enter the six-digit code shown there.
        </p>
        <Field label="Pairing code">
          {(id) => (
            <input
              id={id}
              required
              autoFocus
              inputMode="numeric"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              className="mono code-input"
            />
          )}
        </Field>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button primary block">
          Pair
        </button>
      </form>
    </main>
  );
}

export function UnreachableScreen() {
  const problem = useSession((state) => state.problem);
  const boot = useSession((state) => state.boot);
  return (
    <main className="gate">
      <div className="gate-card">
        <div className="brand brand-large">Forecourt</div>
        <h1>The counter is not answering</h1>
        <p className="muted">{problem ?? 'Forecourt may still be starting, or it was closed on this PC.'}</p>
        <button type="button" className="button primary block" onClick={() => void boot()}>
          Try again
        </button>
      </div>
    </main>
  );
}
