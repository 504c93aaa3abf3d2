import { statusLabel, text } from '../../../lib/format.ts';

export function StatusBadge(props: { status: unknown }) {
  return <span className={`status status-${text(props.status)}`}>{statusLabel(props.status)}</span>;
}
