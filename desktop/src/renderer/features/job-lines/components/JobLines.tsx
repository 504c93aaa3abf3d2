import { defaultRateBp, localDate, taxRatesOn } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { canRun } from '../../../lib/permissions.ts';
import type { JobMoney } from '../job-money.ts';
import { draftOfLine, emptyLineDraft } from '../line-draft.ts';
import { useLineEditor } from '../use-line-editor.ts';
import { CannedJobBar } from './CannedJobBar.tsx';
import { LineForm } from './LineForm.tsx';
import { LineTable, TaxTotals } from './LineTable.tsx';

function regimeText(money: JobMoney): string {
  if (money.regimeNote) return money.regimeNote;
  if (money.country === 'CH') return 'Swiss VAT (MWST) per line, rounded per line.';
  return money.regime.intraState
    ? 'Customer in the workshop’s state: CGST + SGST.'
    : 'Customer in another state: IGST.';
}

/**
 * Labour and parts of a job with the totals by tax rate. Lines change until the invoice is
 * finalised (the domain refuses later changes; a credit note frees them again).
 */
export function JobLines(props: { job: Row; money: JobMoney }) {
  const { job, money } = props;
  const { now } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale } = useReference();
  const { form, setForm, submit, remove, busy } = useLineEditor(job, money.currency);
  const editable = job.status !== 'cancelled' && !job.invoice_id && canRun(role, 'jobLine.add');
  const today = localDate(new Date(now()).toISOString(), locale.timeZone);
  const initial =
    form?.mode === 'edit'
      ? draftOfLine(form.line, money.currency)
      : emptyLineDraft(form?.kind ?? 'labour', defaultRateBp(money.country, today));
  return (
    <section className="panel job-lines" aria-labelledby="job-lines-title">
      <div className="section-head">
        <h2 id="job-lines-title">Labour and parts</h2>
        {editable && !form ? (
          <div className="actions push-right">
            <button type="button" className="button" onClick={() => setForm({ mode: 'add', kind: 'labour' })}>
              + Labour
            </button>
            <button type="button" className="button" onClick={() => setForm({ mode: 'add', kind: 'part' })}>
              + Part
            </button>
          </div>
        ) : null}
        {job.invoice_id ? <span className="muted small push-right">Invoiced: lines are read-only.</span> : null}
      </div>
      {editable && !form ? <CannedJobBar job={job} lines={money.lines.map((line) => line.row)} /> : null}
      <LineTable
        lines={money.lines}
        currency={money.currency}
        showHsn={money.country === 'IN'}
        editable={editable && !form}
        editingId={form?.mode === 'edit' ? form.line.id : null}
        onEdit={(line) => setForm({ mode: 'edit', line })}
        onRemove={(line) => void remove(line)}
      />
      {form ? (
        <LineForm
          key={form.mode === 'edit' ? form.line.id : form.kind}
          initial={initial}
          editing={form.mode === 'edit'}
          country={money.country}
          currency={money.currency}
          regime={money.regime}
          rates={taxRatesOn(money.country, today)?.rates ?? []}
          busy={busy}
          onSubmit={submit}
          onCancel={() => setForm(null)}
        />
      ) : null}
      {money.lines.length > 0 ? (
        <div className="totals-row">
          <div className="muted small">{regimeText(money)}</div>
          <TaxTotals totals={money.totals} currency={money.currency} />
        </div>
      ) : null}
    </section>
  );
}
