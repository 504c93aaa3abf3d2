import { useDeps, useToasts } from '../../../app/context.tsx';

/** Results of actions, bottom right; errors are announced assertively to screen readers. */
export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const store = useDeps().toasts;
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <span>{toast.text}</span>
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss"
            onClick={() => store.getState().dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
