import { useState } from 'react';
import { localDate, taxRatesOn, defaultRateBp } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import type { JobMoney } from '../job-money.ts';
import {
  draftOfLine,
  emptyLineDraft,
  lineAddInput,
  lineUpdateInput,
  type LineDraft,
  type LineKind,
} from '../line-draft.ts';
import { CannedJobBar } from './CannedJobBar.tsx';
import { LineForm } from './LineForm.tsx';
import { LineTable, TaxTotals } from './LineTable.tsx';

type FormState = { mode: 'add'; kind: LineKind } | { mode: 'edit'; line: Row } | null;

/**
 * Labour and parts of a job with the totals by tax rate. Lines change until the invoice is
 * finalised (the domain refuses later changes; a credit note frees them again).
 */
export function JobLines(props: { job: Row; money: JobMoney }) {
  const { job, money } = props;
  const { confirm, now } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale } = useReference();
  const { run, busy } = useMutation();
  const [form, setForm] = useState<FormState>(null);
  const editable = job.status !== 'cancelled' && !job.invoice_id && canRun(role, 'jobLine.add');
  const today = localDate(new Date(now()).toISOString(), locale.timeZone);
  const rates = taxRatesOn(money.country, today)?.rates ?? [];
  const currency = money.currency;

  const submit = async (draft: LineDraft, technicianName: string | null): Promise<string | null> => {
    if (!form) return null;
    let args: Record<string, unknown>;
    try {
      args =
        form.mode === 'add'
          ? lineAddInput(draft, currency, technicianName)
          : lineUpdateInput(draftOfLine(form.line, currency), draft, currency, technicianName);
    } catch (failure) {
      return failure instanceof Error ? failure.message : String(failure);
    }
    if (form.mode === 'edit' && Object.keys(args).length === 0) {
      setForm(null);
      return null;
    }
    const result =
      form.mode === 'add'
        ? await run('jobLine.add', { jobId: job.id, ...args }, 'Line added.')
        : await run('jobLine.update', { jobId: job.id, lineId: form.line.id, ...args }, 'Line saved.');
    if (result) setForm(null);
    return null;
  };

  const remove = async (line: Row) => {
    const answer = await confirm.getState().ask({
      title: 'Remove this line?',
      body: `“${text(line.description)}” is taken off job ${text(job.number)}.`,
      confirmLabel: 'Remove line',
      danger: true,
    });
    if (answer.confirmed) await run('jobLine.remove', { jobId: job.id, lineId: line.id }, 'Line removed.');
  };

  const initial =
    form?.mode === 'edit'
      ? draftOfLine(form.line, currency)
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
        currency={currency}
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
          currency={currency}
          regime={money.regime}
          rates={rates}
          busy={busy}
          onSubmit={submit}
          onCancel={() => setForm(null)}
        />
      ) : null}
      {money.lines.length > 0 ? (
        <div className="totals-row">
          <div className="muted small">
            {money.regimeNote ??
              (money.country === 'CH'
                ? 'Swiss VAT (MWST) per line, rounded per line.'
                : money.regime.intraState
                  ? 'Customer in the workshop’s state: CGST + SGST.'
                  : 'Customer in another state: IGST.')}
          </div>
          <TaxTotals totals={money.totals} currency={currency} />
        </div>
      ) : null}
    </section>
  );
}
