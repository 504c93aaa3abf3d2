import type { ReactNode } from 'react';
import { JOB_STATUSES } from '@forecourt/shared/domain/jobs/status';
import { STATUS_LABELS } from '../../../lib/format.ts';

/** One headline figure: a label, the value, and a line saying what it counts. */
export function FigureCard(props: { label: string; value: ReactNode; hint?: string; tone?: 'warn' | 'ok' }) {
  return (
    <div className={`figure-card${props.tone ? ` figure-${props.tone}` : ''}`} data-testid={`figure-${props.label}`}>
      <div className="figure-label">{props.label}</div>
      <div className="figure-value">{props.value}</div>
      {props.hint ? <div className="figure-hint">{props.hint}</div> : null}
    </div>
  );
}

export function FigureGrid(props: { children: ReactNode }) {
  return <div className="figure-grid">{props.children}</div>;
}

/** Jobs by status as a row of counts, in the workshop's order. */
export function StatusCounts(props: { byStatus: Readonly<Record<string, number>> }) {
  return (
    <ul className="status-counts" aria-label="Jobs by status">
      {JOB_STATUSES.map((status) => (
        <li key={status} data-testid={`status-count-${status}`}>
          <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>
          <strong>{props.byStatus[status] ?? 0}</strong>
        </li>
      ))}
    </ul>
  );
}
