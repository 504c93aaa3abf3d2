import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isJobStatus, isOpenJobStatus } from '@forecourt/shared/domain/jobs/status';
import { useDeps, useSession } from '../../../app/context.tsx';
import { text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { changedJobFields, draftOfJob, EMPTY_DRAFT, type JobDraft } from './job-draft.ts';
import { JobMoneySection } from '../../job-lines/components/JobMoneySection.tsx';
import { JobFields } from './JobFields.tsx';
import { JobSide } from './JobSide.tsx';
import { JobStatusActions } from './JobStatusActions.tsx';
import { PrintButtons } from './PrintButtons.tsx';
import { JobTimeline } from './JobTimeline.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function JobDetail(props: { id: string }) {
  const { nav } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { row: job, loading } = useRow('jobs', props.id);
  const { run, busy } = useMutation();
  const [saved, setSaved] = useState<JobDraft>(EMPTY_DRAFT);
  const [draft, setDraft] = useState<JobDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const dirty = JSON.stringify(saved) !== JSON.stringify(draft);

  const lastSaved = useRef<JobDraft>(EMPTY_DRAFT);
  useEffect(() => {
    if (!job) return;
    const fresh = draftOfJob(job);
    const before = lastSaved.current;
    lastSaved.current = fresh;
    setSaved(fresh);
    // A change from another counter refreshes the form unless the user is in the middle of an edit.
    setDraft((current) => (JSON.stringify(current) === JSON.stringify(before) ? fresh : current));
  }, [job]);

  if (!job)
    return (
      <section className="screen">
        {loading ? null : <p className="empty">This job does not exist on this PC.</p>}
      </section>
    );
  const currency = text(job.currency) || 'INR';
  const editable = isJobStatus(job.status) && isOpenJobStatus(job.status) && canRun(role, 'job.update');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    let changed: Record<string, unknown>;
    try {
      changed = changedJobFields(saved, draft, currency);
      setError(null);
    } catch (failure) {
      return setError(failure instanceof Error ? failure.message : String(failure));
    }
    if (Object.keys(changed).length === 0) return;
    await run('job.update', { jobId: job.id, ...changed }, `Job ${text(job.number)} saved.`);
  };

  return (
    <section className="screen job-screen">
      <header className="screen-head">
        <button type="button" className="button ghost" onClick={() => nav.getState().navigate({ name: 'jobs' })}>
          ← Jobs
        </button>
        <h1 className="mono">{text(job.number)}</h1>
        <StatusBadge status={job.status} />
        <div className="actions">
          <PrintButtons job={job} />
          <JobStatusActions job={job} />
        </div>
      </header>
      {job.status === 'cancelled' && job.cancel_reason ? (
        <div className="notice">Cancelled: {text(job.cancel_reason)}</div>
      ) : null}
      <div className="job-layout">
        <form className="panel" onSubmit={save} aria-label="Job details">
          <JobFields
            draft={draft}
            onChange={setDraft}
            currency={currency}
            disabled={!editable}
            error={error}
            showFindings
          />
          {editable ? (
            <div className="form-actions">
              {dirty ? (
                <button type="button" className="button" onClick={() => setDraft(saved)}>
                  Undo changes
                </button>
              ) : null}
              <button type="submit" className="button primary" disabled={!dirty || busy}>
                Save changes
              </button>
            </div>
          ) : null}
        </form>
        <JobSide job={job} />
      </div>
      <JobMoneySection job={job} />
      <JobTimeline job={job} />
    </section>
  );
}
