import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/**
 * Opens a rental document (contract, invoice, reservation confirmation) as a PDF to print or
 * save: a window of its own in the desktop app, a browser tab in browser mode. The PDF is made
 * by the counter core from the replica, so it works offline.
 */
export function PrintDocumentButton(props: {
  kind: 'contract' | 'rental-invoice' | 'reservation';
  id: string;
  label: string;
}) {
  const api = useApi();
  const { toasts } = useDeps();
  const printing = useSession((state) => state.info?.features.printing ?? false);
  if (!printing) return null;
  const show = () =>
    api
      .call('app:showDocument', { kind: props.kind, id: props.id })
      .catch((error: unknown) => toasts.getState().show('error', messageOf(error)));
  return (
    <button type="button" className="button" onClick={() => void show()}>
      {props.label}
    </button>
  );
}
