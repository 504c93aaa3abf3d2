import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, statusLabel, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { fieldLabel } from '../../sync/describe.ts';
import { JobMessageItem, mergeTimeline } from './JobMessageItem.tsx';

function describe(update: Row): string {
  switch (update.kind) {
    case 'created':
      return 'Job opened';
    case 'status':
      return `${statusLabel(update.from_status)} → ${statusLabel(update.to_status)}`;
    case 'edit':
      return `Changed ${text(update.body)
        .split(', ')
        .map((field) => fieldLabel(field).toLowerCase())
        .join(', ')}`;
    case 'line':
      return 'Labour and parts';
    case 'payment':
      return 'Payment';
    case 'invoice':
      return 'Invoice';
    default:
      return 'Note';
  }
}

/** The job's history, newest first, with a box for notes (Ctrl+Enter adds the note). */
export function JobTimeline(props: { job: Row }) {
  const { rows } = useRows('job_updates', { where: { job_id: props.job.id }, orderBy: 'created_at', descending: true });
  // SMS to the customer (vehicle ready, receipts), written by the server and replicated.
  const { rows: messages } = useRows('messages', { where: { job_id: props.job.id } });
  const { locale, userName } = useReference();
  const role = useSession((state) => state.user?.role);
  const { run, busy } = useMutation();
  const [note, setNote] = useState('');

  const add = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!note.trim()) return;
    if (await run('job.addNote', { jobId: props.job.id, body: note.trim() }, 'Note added.')) setNote('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void add();
  };

  return (
    <section className="timeline" aria-label="History and notes">
      <h2>History and notes</h2>
      {canRun(role, 'job.addNote') ? (
        <form className="note-form" onSubmit={add}>
          <textarea
            aria-label="New note"
            placeholder="Add a note for the team (Ctrl+Enter to add)"
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="submit" className="button" disabled={busy || !note.trim()}>
            Add note
          </button>
        </form>
      ) : null}
      <ol className="timeline-list">
        {mergeTimeline(rows, messages).map(({ kind, row: update }) =>
          kind === 'message' ? (
            <JobMessageItem key={update.id} message={update} locale={locale} />
          ) : (
            <li key={update.id} className={`timeline-item kind-${text(update.kind)}`}>
              <div className="timeline-meta">
                <span className="strong">{describe(update)}</span>
                <span className="muted small">
                  {' '}
                  · {userName(update.author_id)} · {formatDateTime(update.created_at, locale)}
                </span>
              </div>
              {update.body && update.kind !== 'edit' ? (
                <div className="timeline-body pre">{text(update.body)}</div>
              ) : null}
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
