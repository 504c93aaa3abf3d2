import { formatMoney, type Locale } from '../../../lib/format.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { mutationSummary, mutationTitle, recordLabel } from '../describe.ts';

/** A queued or refused change as a person would say it: "Job BLR1A-00042 changed — Findings". */
export function ChangeTitle(props: { name: string; args: unknown; locale: Locale }) {
  const target = targetOf(props.name, props.args);
  const { row } = useRow(target?.table ?? 'jobs', target?.id ?? null);
  const { locale } = props;
  const summary = mutationSummary(props.name, props.args, (minor) => formatMoney(minor, locale.currency, locale));
  return (
    <span className="change-title">
      <span className="strong">{mutationTitle(props.name, target && row ? recordLabel(target.table, row) : null)}</span>
      {summary ? <span className="muted"> — {summary}</span> : null}
    </span>
  );
}

function targetOf(name: string, args: unknown): { table: 'jobs' | 'customers' | 'vehicles'; id: string } | null {
  if (typeof args !== 'object' || args === null || name.endsWith('.create')) return null;
  const values = args as Record<string, unknown>; // mutation inputs are JSON objects by contract
  if (typeof values.jobId === 'string') return { table: 'jobs', id: values.jobId };
  if (typeof values.vehicleId === 'string') return { table: 'vehicles', id: values.vehicleId };
  if (typeof values.customerId === 'string') return { table: 'customers', id: values.customerId };
  return null;
}
