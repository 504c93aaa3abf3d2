import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import type { JobDraft } from './job-draft.ts';

/** The job card's fields, shared by the new-job form and the job screen. */
export function JobFields(props: {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  currency: string;
  disabled?: boolean;
  error?: string | null;
  showFindings?: boolean;
}) {
  const { draft } = props;
  const mechanics = useRows('users', { orderBy: 'name' }).rows.filter(
    (user) => user.active !== false && user.role !== 'viewer',
  );
  const set = (key: keyof JobDraft) => (value: string) => props.onChange({ ...draft, [key]: value });
  const disabled = props.disabled ?? false;
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <Field label="Customer concern" wide hint="What the customer says, in their words">
        {(id) => (
          <textarea
            id={id}
            rows={2}
            maxLength={4000}
            value={draft.concern}
            onChange={(e) => set('concern')(e.target.value)}
          />
        )}
      </Field>
      {props.showFindings ? (
        <Field label="Findings" wide hint="What the workshop found">
          {(id) => (
            <textarea
              id={id}
              rows={2}
              maxLength={4000}
              value={draft.findings}
              onChange={(e) => set('findings')(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field label={`Estimate (${props.currency})`} error={props.error ?? null}>
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            className="num"
            value={draft.estimate}
            onChange={(e) => set('estimate')(e.target.value)}
            placeholder="0"
          />
        )}
      </Field>
      <Field label="Odometer (km)">
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            className="num"
            value={draft.odometer}
            onChange={(e) => set('odometer')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Promised for">
        {(id) => (
          <input
            id={id}
            type="datetime-local"
            value={draft.promisedAt}
            onChange={(e) => set('promisedAt')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Key tag">
        {(id) => (
          <input
            id={id}
            maxLength={20}
            className="mono"
            value={draft.keyTag}
            onChange={(e) => set('keyTag')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Mechanic">
        {(id) => (
          <select id={id} value={draft.assignedTo} onChange={(e) => set('assignedTo')(e.target.value)}>
            <option value="">Not assigned</option>
            {mechanics.map((user) => (
              <option key={user.id} value={user.id}>
                {text(user.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}
