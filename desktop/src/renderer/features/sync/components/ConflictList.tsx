import { unwrapConflictValue } from '@forecourt/shared/domain/conflicts/mutations';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, hlcTime, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { displayValue, fieldLabel, recordLabel } from '../describe.ts';

/**
 * Same-field edits made on two PCs: the later edit won, the other value is kept here. A manager
 * can keep the current value or restore the one that lost.
 */
export function ConflictList() {
  const rows = useOpenConflicts();
  return (
    <section className="drawer-section" aria-labelledby="conflicts-title">
      <h3 id="conflicts-title">Conflicts to review ({rows.length})</h3>
      {rows.length === 0 ? <p className="muted">None. No one overwrote anyone else’s change.</p> : null}
      {rows.map((conflict) => (
        <ConflictItem key={conflict.id} conflict={conflict} />
      ))}
    </section>
  );
}

/** Unresolved conflicts, newest first (filtered here: the core's `where` is equality only). */
export function useOpenConflicts(): readonly Row[] {
  const { rows } = useRows('conflicts', { orderBy: 'created_at', descending: true });
  return rows.filter((row) => !row.resolved_at);
}

function ConflictItem(props: { conflict: Row }) {
  const { conflict } = props;
  const table = text(conflict.table_name);
  const field = text(conflict.field);
  const { row } = useRow(
    table === 'jobs' || table === 'customers' || table === 'vehicles' ? table : 'jobs',
    text(conflict.row_id),
  );
  const { locale, currency, userName } = useReference();
  const role = useSession((state) => state.user?.role);
  const { nav } = useDeps();
  const { run, busy } = useMutation();
  const resolve = (action: 'keep' | 'restore') =>
    run(
      'conflict.resolve',
      { conflictId: conflict.id, table, rowId: text(conflict.row_id), action },
      action === 'restore' ? `Restored the earlier ${fieldLabel(field).toLowerCase()}.` : 'Kept the current value.',
    );
  const current = row ? row[field] : unwrapConflictValue(conflict.winning_value);
  const lostAt = hlcTime(conflict.losing_hlc);
  const wonAt = hlcTime(conflict.winning_hlc);

  return (
    <article className="card conflict" data-testid="conflict">
      <div className="card-title">
        {table === 'jobs' && row ? (
          <button type="button" className="link" onClick={() => nav.getState().navigate({ name: 'job', id: row.id })}>
            {recordLabel(table, row)}
          </button>
        ) : (
          recordLabel(table, row)
        )}{' '}
        · {fieldLabel(field)}
      </div>
      <dl className="conflict-values">
        <dt>Now</dt>
        <dd>
          <span className="value">{displayValue(field, current, currency, locale)}</span>
          <span className="muted small">
            {' '}
            by {userName(conflict.winning_actor_id)}
            {wonAt ? `, ${formatDateTime(wonAt, locale)}` : ''}
          </span>
        </dd>
        <dt>Lost</dt>
        <dd>
          <span className="value lost">
            {displayValue(field, unwrapConflictValue(conflict.losing_value), currency, locale)}
          </span>
          <span className="muted small">
            {' '}
            by {userName(conflict.losing_actor_id)}
            {lostAt ? `, ${formatDateTime(lostAt, locale)}` : ''}
          </span>
        </dd>
      </dl>
      {canRun(role, 'conflict.resolve') ? (
        <div className="card-foot">
          <button type="button" className="button small" disabled={busy} onClick={() => void resolve('keep')}>
            Keep current
          </button>
          <button
            type="button"
            className="button small primary"
            disabled={busy}
            onClick={() => void resolve('restore')}
          >
            Restore lost value
          </button>
        </div>
      ) : (
        <p className="muted small">A manager or the owner can restore the lost value.</p>
      )}
    </article>
  );
}
