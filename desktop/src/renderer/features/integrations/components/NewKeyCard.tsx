import { useRef, useState } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';

type Created = ChannelOutput<'integrations:createApiKey'>;

/**
 * The new key's secret, this once: the server keeps only its hash, so closing this card loses it.
 * Copying uses the clipboard where the browser allows it (Electron, localhost); elsewhere the text
 * is selected for Ctrl+C.
 */
export function NewKeyCard(props: { created: Created; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.key);
      setCopied('yes');
    } catch {
      field.current?.select(); // no clipboard in this context (plain http on the LAN): select it for Ctrl+C
      setCopied('select');
    }
  };
  return (
    <div className="code-card" data-testid="new-api-key" role="status">
      <div className="strong">Copy the key now: it is shown only once.</div>
      <div className="key-row">
        <input
          ref={field}
          className="mono key-value"
          aria-label="New API key"
          readOnly
          value={props.created.key}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="button primary" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button ghost" onClick={props.onDone}>
          I have stored it
        </button>
      </div>
      <div className="muted small">
        {copied === 'select'
          ? 'Selected: press Ctrl+C to copy.'
          : 'Give it to the other system as “Authorization: Bearer <key>”. Forecourt keeps only a fingerprint of it.'}
      </div>
    </div>
  );
}
