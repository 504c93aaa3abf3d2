import { useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRows } from '../../../lib/use-rows.ts';

/** A stored line as the input of a canned job's lines (LineInputSchema); the technician stays off. */
function cannedLineOf(line: Row): Record<string, unknown> {
  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    kind: line.kind === 'part' ? 'part' : 'labour',
    pricing: line.pricing === 'flat' ? 'flat' : line.pricing === 'unit' ? 'unit' : 'hourly',
    description: text(line.description),
    partNumber: str(line.part_number),
    hsnSac: str(line.hsn_sac),
    quantityMilli: num(line.quantity_milli),
    unitPriceMinor: num(line.unit_price_minor),
    discountMinor: num(line.discount_minor),
    taxRateBp: num(line.tax_rate_bp),
  };
}

/**
 * Canned jobs (saved line sets shared by every site): add one to the job in one step
 * (`jobLine.addCanned`); managers and owners save the job's current lines as a new one.
 */
export function CannedJobBar(props: { job: Row; lines: readonly Row[] }) {
  const { confirm } = useDeps();
  const role = useSession((state) => state.user?.role);
  const canned = useRows('canned_jobs', { where: { active: true }, orderBy: 'name' }).rows;
  const { run, busy } = useMutation();
  const [chosen, setChosen] = useState('');
  const picked = canned.find((row) => row.id === chosen);
  const canSave = canRun(role, 'cannedJob.save') && props.lines.length > 0;
  if (canned.length === 0 && !canSave) return null;

  const add = async () => {
    if (!picked) return;
    const done = await run(
      'jobLine.addCanned',
      { jobId: props.job.id, cannedJobId: picked.id },
      `Added canned job ${text(picked.name)}.`,
    );
    if (done) setChosen('');
  };
  const save = async () => {
    const answer = await confirm.getState().ask({
      title: 'Save these lines as a canned job?',
      body: `The ${props.lines.length} lines of this job become a canned job every site can add in one step (without the technician).`,
      confirmLabel: 'Save canned job',
      reasonLabel: 'Name of the canned job',
    });
    if (!answer.confirmed) return;
    await run(
      'cannedJob.save',
      { name: answer.reason.slice(0, 120), lines: props.lines.slice(0, 100).map(cannedLineOf) },
      `Canned job ${answer.reason} saved.`,
    );
  };

  return (
    <div className="canned-bar">
      {canned.length > 0 ? (
        <>
          <label className="visually-hidden" htmlFor="canned-job">
            Canned job
          </label>
          <select id="canned-job" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Canned job…</option>
            {canned.map((row) => (
              <option key={row.id} value={row.id}>
                {text(row.name)} ({Array.isArray(row.lines) ? row.lines.length : 0} lines)
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={!picked || busy} onClick={() => void add()}>
            Add canned job
          </button>
        </>
      ) : null}
      {canSave ? (
        <button type="button" className="button ghost push-right" disabled={busy} onClick={() => void save()}>
          Save lines as canned job…
        </button>
      ) : null}
    </div>
  );
}
