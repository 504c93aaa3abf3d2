import type { Row } from '@forecourt/shared/schema/tables';
import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import type { JobMoney } from '../../job-lines/job-money.ts';

const FINALISABLE = new Set(['ready', 'delivered']);

/** Why the invoice cannot be finalised yet, in the counter's words; null when it can. */
function finaliseBlocker(job: Row, money: JobMoney): string | null {
  if (job.status === 'cancelled') return 'The job is cancelled.';
  if (!FINALISABLE.has(text(job.status))) return 'Mark the job ready before invoicing.';
  if (money.lines.length === 0) return 'Add labour or parts before invoicing.';
  if (!money.supplierHasTaxId)
    return `Set the workshop’s ${money.country === 'IN' ? 'GSTIN' : 'UID / VAT number'} before invoicing.`;
  return null;
}

/**
 * The job's invoice: finalising numbers it from this PC's series (`invoice.finalise`) and
 * freezes the lines; the PDF opens from the print buttons at the top. Managers and owners
 * reverse an invoice with a credit note that references it, which frees the job again.
 */
export function InvoicePanel(props: { job: Row; money: JobMoney }) {
  const { job, money } = props;
  const { confirm, toasts } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale, userName } = useReference();
  const { run, busy } = useMutation();
  const format = (minor: unknown) => formatMoney(typeof minor === 'number' ? minor : 0, money.currency, locale);
  const invoice = money.activeInvoice;
  const blocker = finaliseBlocker(job, money);

  const finalise = async () => {
    const answer = await confirm.getState().ask({
      title: `Finalise the invoice for job ${text(job.number)}?`,
      body: `It gets the next number of this PC’s series and the total of ${format(money.totals.totalMinor)}. After that the lines can no longer change; a credit note reverses it.`,
      confirmLabel: 'Finalise invoice',
    });
    if (!answer.confirmed) return;
    const result = await run('invoice.finalise', {
      jobId: job.id,
      customerId: text(job.customer_id),
      vehicleId: text(job.vehicle_id) || null,
    });
    if (result) toasts.getState().show('success', `Invoice ${text(result.number)} finalised.`);
  };

  const creditNote = async (target: Row) => {
    const answer = await confirm.getState().ask({
      title: `Credit note for invoice ${text(target.number)}?`,
      body: 'A credit note for the whole invoice is issued with the next credit-note number. The job can then be changed and invoiced again.',
      confirmLabel: 'Issue credit note',
      danger: true,
      reasonLabel: 'Reason for the credit note',
    });
    if (answer.confirmed)
      await run('invoice.creditNote', { invoiceId: target.id, reason: answer.reason }, 'Credit note issued.');
  };

  return (
    <section className="panel job-invoice" aria-labelledby="job-invoice-title">
      <h2 id="job-invoice-title">Invoice</h2>
      {invoice ? (
        <div className="invoice-current">
          <div className="invoice-number mono" data-testid="invoice-number">
            {text(invoice.number)}
          </div>
          <div className="muted small">
            Issued {formatDateTime(invoice.issued_at, locale)} by {userName(invoice.issued_by)}
          </div>
          <div className="invoice-total">{format(invoice.total_minor)}</div>
          <p className="muted small">Finalised: the lines are read-only. Print it with “Invoice PDF” above.</p>
          {canRun(role, 'invoice.creditNote') ? (
            <button
              type="button"
              className="button danger-outline"
              disabled={busy}
              onClick={() => void creditNote(invoice)}
            >
              Credit note…
            </button>
          ) : null}
        </div>
      ) : (
        <div className="invoice-draft">
          <p className="muted">Not invoiced yet. The number is given when the invoice is finalised.</p>
          {canRun(role, 'invoice.finalise') ? (
            <button
              type="button"
              className="button primary"
              disabled={busy || blocker !== null}
              onClick={() => void finalise()}
            >
              Finalise invoice
            </button>
          ) : null}
          {blocker ? <div className="field-hint">{blocker}</div> : null}
        </div>
      )}
      <InvoiceHistory invoices={money.invoices} currency={money.currency} />
    </section>
  );
}

/** Opens a credit note's PDF (its own window in the desktop app, a tab in browser mode). */
function CreditNotePdfButton(props: { creditNote: Row }) {
  const api = useApi();
  const { toasts } = useDeps();
  const printing = useSession((state) => state.info?.features.printing ?? false);
  if (!printing) return null;
  const show = () =>
    api
      .call('app:showDocument', { kind: 'credit-note', id: props.creditNote.id })
      .catch((error: unknown) => toasts.getState().show('error', messageOf(error)));
  return (
    <button
      type="button"
      className="button small"
      aria-label={`Credit note ${text(props.creditNote.number)} PDF`}
      onClick={() => void show()}
    >
      PDF
    </button>
  );
}

/** Every invoice and credit note of the job, oldest first, once there is more than the current one. */
function InvoiceHistory(props: { invoices: readonly Row[]; currency: string }) {
  const { locale } = useReference();
  if (props.invoices.length < 2 && !props.invoices.some((row) => row.kind === 'credit_note')) return null;
  const numbers = new Map(props.invoices.map((row) => [row.id, text(row.number)]));
  return (
    <table className="table invoice-history" data-testid="invoice-history">
      <tbody>
        {props.invoices.map((row) => (
          <tr key={row.id}>
            <td>
              <div className="mono">{text(row.number)}</div>
              <div>
                {row.kind === 'credit_note'
                  ? `Credit note for ${numbers.get(text(row.credit_of_id)) ?? 'an invoice'}`
                  : 'Invoice'}
              </div>
              {row.reason ? <div className="muted small">{text(row.reason)}</div> : null}
              <div className="muted small">{formatDateTime(row.issued_at, locale)}</div>
            </td>
            <td className="num nowrap">
              <div>
                {formatMoney(typeof row.total_minor === 'number' ? row.total_minor : 0, props.currency, locale)}
              </div>
              {row.kind === 'credit_note' ? <CreditNotePdfButton creditNote={row} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
