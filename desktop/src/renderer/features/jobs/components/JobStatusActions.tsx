import { allowedNextStatuses, isJobStatus, type JobStatus } from '@forecourt/shared/domain/jobs/status';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { STATUS_ACTIONS, STATUS_LABELS, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';

/** The usual next step, shown as the primary button; the others are the exceptions. */
const USUAL_NEXT: Readonly<Partial<Record<JobStatus, JobStatus>>> = {
  pending: 'in_progress',
  in_progress: 'ready',
  waiting_for_parts: 'in_progress',
  on_hold: 'in_progress',
  ready: 'delivered',
};

/** The next steps of the workshop flow as buttons; cancelling asks why, handing over confirms. */
export function JobStatusActions(props: { job: Row }) {
  const { confirm } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { run, busy } = useMutation();
  const from = props.job.status;
  if (!isJobStatus(from) || !canRun(role, 'job.setStatus')) return null;
  const number = text(props.job.number);

  const move = async (to: JobStatus) => {
    let reason: string | undefined;
    if (to === 'cancelled') {
      const answer = await confirm.getState().ask({
        title: `Cancel job ${number}?`,
        body: 'A cancelled job cannot be reopened. The reason is kept in the job’s history.',
        confirmLabel: 'Cancel job',
        danger: true,
        reasonLabel: 'Reason for cancelling',
      });
      if (!answer.confirmed) return;
      reason = answer.reason;
    } else if (to === 'delivered') {
      const answer = await confirm.getState().ask({
        title: `Hand over job ${number}?`,
        body: 'The job is closed and can no longer be changed.',
        confirmLabel: 'Hand over',
      });
      if (!answer.confirmed) return;
    }
    await run(
      'job.setStatus',
      { jobId: props.job.id, status: to, ...(reason ? { reason } : {}) },
      `Job ${number}: ${STATUS_LABELS[to]}.`,
    );
  };

  // The usual step first, cancelling last: the order a person scans the buttons in.
  const next = [...allowedNextStatuses(from)].sort(
    (a, b) =>
      Number(b === USUAL_NEXT[from]) - Number(a === USUAL_NEXT[from]) ||
      Number(a === 'cancelled') - Number(b === 'cancelled'),
  );
  return (
    <div className="actions status-actions" aria-label="Change status">
      {next.map((to) => (
        <button
          key={to}
          type="button"
          disabled={busy}
          className={
            to === 'cancelled' ? 'button danger-outline' : to === USUAL_NEXT[from] ? 'button primary' : 'button'
          }
          onClick={() => void move(to)}
        >
          {STATUS_ACTIONS[to]}
        </button>
      ))}
    </div>
  );
}
