import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts.ts';

export function ShortcutHelp(props: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onClose()} onClick={props.onClose}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table className="table shortcuts">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td className="mono nowrap">{shortcut.keys}</td>
                <td>{shortcut.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="modal-actions">
          <button ref={close} type="button" className="button primary" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
