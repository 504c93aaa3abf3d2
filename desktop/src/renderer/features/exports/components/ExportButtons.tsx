import { useState } from 'react';
import type { DashboardFilters } from '../../../../common/analytics-schemas.ts';
import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { saveFile, XLSX_TYPE } from '../../../lib/save-file.ts';
import { messageOf } from '../../../lib/use-rows.ts';

export type ExportKind = 'jobs' | 'payments' | 'settlements';

export const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string; detail: string }> = [
  {
    kind: 'jobs',
    label: 'Jobs',
    detail: 'Every job opened in the period, with customer, vehicle, value and what is paid.',
  },
  {
    kind: 'payments',
    label: 'Payments',
    detail: 'Every payment recorded in the period, who recorded and who confirmed it.',
  },
  {
    kind: 'settlements',
    label: 'Settlements',
    detail: 'Cash handed over in the period, and whether it was confirmed.',
  },
];

/**
 * Asks the core for an .xlsx with the filters and hands it to the user (in Electron main's save
 * dialog; in browser mode a download). The core builds it from the replica, so it works offline.
 */
export function useExport(filters: DashboardFilters) {
  const api = useApi();
  const toasts = useDeps().toasts;
  const mode = useSession((state) => state.info?.mode);
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: ExportKind) => {
    setBusy(kind);
    setError(null);
    try {
      const file = await api.call('exports:workbook', { kind, filters });
      const outcome = await saveFile(api, mode, { ...file, contentType: XLSX_TYPE });
      const rows = `${file.rows} row${file.rows === 1 ? '' : 's'}`;
      if (outcome === 'saved') toasts.getState().show('success', `Saved ${file.fileName}: ${rows}.`);
      if (outcome === 'downloaded') toasts.getState().show('success', `${file.fileName}: ${rows}.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(null);
    }
  };
  return { run, busy, error };
}

/** The three exports as a compact row of buttons, for the dashboard's header. */
export function ExportButtons(props: { filters: DashboardFilters }) {
  const { run, busy, error } = useExport(props.filters);
  return (
    <div className="actions push-right" role="group" aria-label="Export to Excel">
      {EXPORTS.map((item) => (
        <button
          key={item.kind}
          type="button"
          className="button"
          disabled={busy !== null}
          onClick={() => void run(item.kind)}
        >
          {busy === item.kind ? 'Exporting…' : `Export ${item.label.toLowerCase()}`}
        </button>
      ))}
      {error ? <div className="form-error">{error}</div> : null}
    </div>
  );
}
