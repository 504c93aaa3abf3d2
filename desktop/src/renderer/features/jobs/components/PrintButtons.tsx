import { useEffect } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { messageOf } from '../../../lib/use-rows.ts';

/**
 * The job card (and the invoice, once there is one) as a PDF to print or save. Ctrl+P on the job
 * screen prints the job card rather than the screen itself.
 */
export function PrintButtons(props: { job: Row }) {
  const api = useApi();
  const { toasts } = useDeps();
  const printing = useSession((state) => state.info?.features.printing ?? false);
  const jobId = props.job.id;

  useEffect(() => {
    if (!printing) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        api
          .call('app:showDocument', { kind: 'job-card', jobId })
          .catch((error: unknown) => toasts.getState().show('error', messageOf(error)));
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [api, toasts, jobId, printing]);

  if (!printing) return null;
  const show = (kind: 'job-card' | 'invoice') =>
    api
      .call('app:showDocument', { kind, jobId })
      .catch((error: unknown) => toasts.getState().show('error', messageOf(error)));
  return (
    <>
      <button type="button" className="button" onClick={() => void show('job-card')} title="Ctrl+P">
        Print job card
      </button>
      {props.job.invoice_id ? (
        <button type="button" className="button" onClick={() => void show('invoice')}>
          Invoice PDF
        </button>
      ) : null}
    </>
  );
}
