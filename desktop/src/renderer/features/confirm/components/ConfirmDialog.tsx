import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useConfirm, useDeps } from '../../../app/context.tsx';

/**
 * The one confirmation dialog. Destructive questions start with the focus on the safe button,
 * so a stray Enter never deletes anything; Escape always means "no".
 */
export function ConfirmDialog() {
  const request = useConfirm((state) => state.request);
  const store = useDeps().confirm;
  const [reason, setReason] = useState('');
  const safeButton = useRef<HTMLButtonElement>(null);
  const reasonInput = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setReason('');
    if (request?.reasonLabel) reasonInput.current?.focus();
    else safeButton.current?.focus();
  }, [request]);

  if (!request) return null;
  const answerNo = () => store.getState().answer({ confirmed: false });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (request.reasonLabel && reason.trim() === '') return;
    store.getState().answer({ confirmed: true, reason: reason.trim() });
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && answerNo()}>
      <form className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" onSubmit={submit}>
        <h2 id="confirm-title">{request.title}</h2>
        <p>{request.body}</p>
        {request.reasonLabel ? (
          <label className="field field-wide">
            <span>{request.reasonLabel}</span>
            <textarea ref={reasonInput} required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        ) : null}
        <div className="modal-actions">
          <button ref={safeButton} type="button" className="button" onClick={answerNo}>
            Keep as it is
          </button>
          <button type="submit" className={request.danger ? 'button danger' : 'button primary'}>
            {request.confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
