import { useMemo, useState } from 'react';
import { useSiteScope } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { formatPhone } from '../../../../common/phone-format.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';

export type CustomerChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'existing'; readonly id: string }
  | { readonly kind: 'new'; readonly name: string; readonly phone: string };

/** Find the customer by name or phone as you type; if they are new, add them right here. */
export function CustomerPicker(props: {
  value: CustomerChoice;
  onChange: (choice: CustomerChoice) => void;
  siteId: string | null;
}) {
  const scope = useSiteScope();
  const where = props.siteId ? { site_id: props.siteId } : scope.where;
  const customers = useRows('customers', { where, orderBy: 'name' }).rows;
  const { row: chosen } = useRow('customers', props.value.kind === 'existing' ? props.value.id : null);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    const wanted = query.trim().toLowerCase();
    if (wanted.length < 2) return [];
    const digits = wanted.replace(/\D+/g, '');
    return customers
      .filter(
        (row) =>
          text(row.name).toLowerCase().includes(wanted) || (digits.length >= 3 && text(row.phone).includes(digits)),
      )
      .slice(0, 8);
  }, [customers, query]);

  if (props.value.kind === 'existing') {
    return (
      <div className="picked">
        <span className="picked-label">Customer</span>
        <span className="strong">{text(chosen?.name)}</span>{' '}
        <span className="mono muted">{formatPhone(chosen?.phone)}</span>
        <button type="button" className="button small ghost" onClick={() => props.onChange({ kind: 'none' })}>
          Change
        </button>
      </div>
    );
  }
  if (props.value.kind === 'new') {
    const value = props.value;
    return (
      <div className="form-grid picked-new">
        <Field label="New customer's name">
          {(id) => (
            <input
              id={id}
              required
              autoFocus
              maxLength={200}
              value={value.name}
              onChange={(e) => props.onChange({ ...value, name: e.target.value })}
            />
          )}
        </Field>
        <Field label="Mobile">
          {(id) => (
            <input
              id={id}
              type="tel"
              value={value.phone}
              onChange={(e) => props.onChange({ ...value, phone: e.target.value })}
            />
          )}
        </Field>
        <button type="button" className="button small ghost align-end" onClick={() => props.onChange({ kind: 'none' })}>
          Find existing customer instead
        </button>
      </div>
    );
  }
  return (
    <div className="picker">
      <Field label="Customer" hint="Type a name or mobile number">
        {(id) => (
          <input id={id} autoFocus autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} />
        )}
      </Field>
      <ul className="picker-list" aria-label="Matching customers">
        {matches.map((row) => (
          <li key={row.id}>
            <button type="button" onClick={() => props.onChange({ kind: 'existing', id: row.id })}>
              <span className="strong">{text(row.name)}</span>{' '}
              <span className="mono muted">{formatPhone(row.phone)}</span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="picker-new"
            onClick={() =>
              props.onChange({
                kind: 'new',
                name: /\d/.test(query) ? '' : query.trim(),
                phone: /\d/.test(query) ? query.trim() : '',
              })
            }
          >
            + New customer{query.trim() ? ` “${query.trim()}”` : ''}
          </button>
        </li>
      </ul>
    </div>
  );
}
