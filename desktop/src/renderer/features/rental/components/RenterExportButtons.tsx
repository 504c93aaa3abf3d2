import { useState } from 'react';
import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { saveFile } from '../../../lib/save-file.ts';
import { messageOf } from '../../../lib/use-rows.ts';

type Format = 'json' | 'pdf';

const CONTENT_TYPE: Readonly<Record<Format, string>> = { json: 'application/json', pdf: 'application/pdf' };

/**
 * "Export data (JSON)" / "(PDF)" on the renter screen (the right of access). The core builds the
 * file from the replica (offline) and checks the role again; the buttons are shown to owners and
 * managers only.
 */
export function RenterExportButtons(props: { renterId: string }) {
  const api = useApi();
  const toasts = useDeps().toasts;
  const mode = useSession((state) => state.info?.mode);
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const file = await api.call('rental:exportRenter', { renterId: props.renterId, format });
      const outcome = await saveFile(api, mode, { ...file, contentType: CONTENT_TYPE[format] });
      if (outcome !== 'cancelled') toasts.getState().show('success', `${file.fileName} saved.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {(['json', 'pdf'] as const).map((format) => (
        <button key={format} type="button" className="button" disabled={busy !== null} onClick={() => void run(format)}>
          {busy === format ? 'Exporting…' : `Export data (${format.toUpperCase()})`}
        </button>
      ))}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
    </>
  );
}
