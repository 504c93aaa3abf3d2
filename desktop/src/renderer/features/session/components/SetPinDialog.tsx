import { useState, type FormEvent } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { Field } from '../../../lib/Field.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/** A PIN lets this user sign in on this PC when the server cannot be reached. */
export function SetPinDialog(props: { onClose: () => void }) {
  const setPin = useSession((state) => state.setPin);
  const toasts = useDeps().toasts;
  const [pin, setPinText] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pin !== repeat) return setError('The two PINs are not the same.');
    try {
      await setPin(pin);
      toasts.getState().show('success', 'PIN saved. You can now sign in on this PC without the internet.');
      props.onClose();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <form className="modal" onSubmit={submit} role="dialog" aria-modal="true" aria-labelledby="set-pin-title">
        <h2 id="set-pin-title">Set a PIN for offline sign-in</h2>
        <p className="muted">If the internet is down, you can sign in on this PC with your email and this PIN.</p>
        <Field label="New PIN" hint="4 to 8 digits">
          {(id) => (
            <input
              id={id}
              type="password"
              inputMode="numeric"
              pattern="[0-9]{4,8}"
              required
              autoFocus
              value={pin}
              onChange={(e) => setPinText(e.target.value)}
              className="mono"
            />
          )}
        </Field>
        <Field label="Repeat PIN">
          {(id) => (
            <input
              id={id}
              type="password"
              inputMode="numeric"
              pattern="[0-9]{4,8}"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              className="mono"
            />
          )}
        </Field>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Not now
          </button>
          <button type="submit" className="button primary">
            Save PIN
          </button>
        </div>
      </form>
    </div>
  );
}
