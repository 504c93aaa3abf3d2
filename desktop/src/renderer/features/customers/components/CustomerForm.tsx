import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../../app/context.tsx';
import { useSiteScope } from '../../../app/reference.ts';
import { useCountry } from '../../../app/useCountry.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { toE164 } from '../../../lib/phone.ts';
import { formatPhone } from '../../../../common/phone-format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { SitePicker } from '../../../app/SitePicker.tsx';

interface Draft {
  name: string;
  phone: string;
  email: string;
  address: string;
  taxId: string;
  notes: string;
}

const draftOf = (row: Row | null): Draft => ({
  name: text(row?.name),
  phone: formatPhone(row?.phone),
  email: text(row?.email),
  address: text(row?.address),
  taxId: text(row?.tax_id),
  notes: text(row?.notes),
});

/** Create a customer, or edit one (only the fields that changed are sent, so edits merge per field). */
export function CustomerForm(props: { customer: Row | null; onDone: (customerId: string | null) => void }) {
  const { nav } = useDeps();
  const scope = useSiteScope();
  const country = useCountry();
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.customer));
  const [siteId, setSiteId] = useState<string | null>(scope.siteForNew);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const { run, busy } = useMutation();
  const original = draftOf(props.customer);
  const edit = (key: keyof Draft) => (value: string) => setDraft((old) => ({ ...old, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let phone: string | null;
    try {
      phone = toE164(draft.phone, country);
      setPhoneError(null);
    } catch (error) {
      setPhoneError(error instanceof Error ? error.message : String(error));
      return;
    }
    const values: Record<string, string | null> = {
      name: draft.name.trim(),
      phone,
      email: draft.email.trim() || null,
      address: draft.address.trim() || null,
      taxId: draft.taxId.trim() || null,
      notes: draft.notes.trim() || null,
    };
    if (!props.customer) {
      const result = await run(
        'customer.create',
        { ...(siteId ? { siteId } : {}), ...values },
        `Customer ${values.name} added.`,
      );
      if (result) props.onDone(text(result.customerId));
      return;
    }
    const changed = Object.fromEntries(
      Object.entries(values).filter(([key]) => draft[key as keyof Draft] !== original[key as keyof Draft]), // keys of values are Draft keys
    );
    if (Object.keys(changed).length === 0) return props.onDone(props.customer.id);
    const result = await run('customer.update', { customerId: props.customer.id, ...changed }, 'Customer saved.');
    if (result) props.onDone(props.customer.id);
  };

  return (
    <form className="form-grid" onSubmit={submit} aria-label={props.customer ? 'Edit customer' : 'New customer'}>
      {!props.customer && scope.allSites ? <SitePicker value={siteId} onChange={setSiteId} /> : null}
      <Field label="Name">
        {(id) => (
          <input
            id={id}
            required
            maxLength={200}
            autoFocus
            value={draft.name}
            onChange={(e) => edit('name')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Mobile" error={phoneError} hint={country === 'CH' ? 'e.g. 079 123 45 67' : 'e.g. 98123 45678'}>
        {(id) => <input id={id} type="tel" value={draft.phone} onChange={(e) => edit('phone')(e.target.value)} />}
      </Field>
      <Field label="Email">
        {(id) => <input id={id} type="email" value={draft.email} onChange={(e) => edit('email')(e.target.value)} />}
      </Field>
      <Field label={country === 'CH' ? 'UID / VAT no.' : 'GSTIN'} hint="Only for business customers">
        {(id) => (
          <input
            id={id}
            maxLength={32}
            className="mono"
            value={draft.taxId}
            onChange={(e) => edit('taxId')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Address" wide>
        {(id) => (
          <textarea
            id={id}
            rows={2}
            maxLength={500}
            value={draft.address}
            onChange={(e) => edit('address')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Notes" wide>
        {(id) => (
          <textarea
            id={id}
            rows={3}
            maxLength={4000}
            value={draft.notes}
            onChange={(e) => edit('notes')(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            props.customer ? props.onDone(props.customer.id) : nav.getState().navigate({ name: 'customers' })
          }
        >
          Cancel
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={busy || (!props.customer && scope.allSites && !siteId)}
        >
          {props.customer ? 'Save customer' : 'Add customer'}
        </button>
      </div>
    </form>
  );
}
