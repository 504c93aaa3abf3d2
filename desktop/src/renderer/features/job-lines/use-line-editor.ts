import { useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../app/context.tsx';
import { text } from '../../lib/format.ts';
import { useMutation } from '../../lib/use-mutation.ts';
import { draftOfLine, lineAddInput, lineUpdateInput, type LineDraft, type LineKind } from './line-draft.ts';

export type LineFormState = { mode: 'add'; kind: LineKind } | { mode: 'edit'; line: Row } | null;

/**
 * Which line form is open, and the writes behind it: `jobLine.add`, `jobLine.update` (only the
 * changed fields) and `jobLine.remove` after a confirmation. A form stays open when the core
 * refuses, so that nothing typed is lost.
 */
export function useLineEditor(job: Row, currency: string) {
  const { confirm } = useDeps();
  const { run, busy } = useMutation();
  const [form, setForm] = useState<LineFormState>(null);

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

  return { form, setForm, submit, remove, busy };
}
