import { useState, type FormEvent } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { useDeps } from '../../../app/context.tsx';
import { useCountry } from '../../../app/useCountry.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { toE164 } from '../../../lib/phone.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';

const FIELDS = [
  ['name', 'Name'],
  ['birth_date', 'Date of birth'],
  ['phone', 'Mobile'],
  ['email', 'Email'],
  ['id_doc_type', 'ID document'],
  ['id_doc_number', 'ID number'],
  ['id_doc_country', 'ID country (CH, IN…)'],
  ['id_doc_expires', 'ID valid until'],
  ['licence_number', 'Licence number'],
  ['licence_country', 'Licence country (CH, IN…)'],
  ['licence_issued', 'Licence issued'],
  ['licence_expires', 'Licence valid until'],
  ['licence_categories', 'Licence categories'],
  ['address', 'Address'],
] as const;
type Key = (typeof FIELDS)[number][0];
type Draft = Record<Key, string>;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
const DATE_KEYS: ReadonlySet<Key> = new Set(['birth_date', 'id_doc_expires', 'licence_issued', 'licence_expires']);
const COUNTRY_KEYS: ReadonlySet<Key> = new Set(['id_doc_country', 'licence_country']);
const ID_TYPES: ReadonlyArray<[string, string]> = [
  ['passport', 'Passport'],
  ['id_card', 'Identity card'],
  ['residence_permit', 'Residence permit'],
];

/**
 * A renter with their ID and driving licence. Ticking "documents checked" records who checked and
 * when (the mutation stamps the signed-in user and the time); age and licence-years rules per
 * class are checked when a reservation or a contract is made.
 */
export function RenterForm(props: { renter: Row | null; onDone: (renterId: string | null) => void }) {
  const { nav } = useDeps();
  const country = useCountry();
  const [draft, setDraft] = useState<Draft>(
    () => Object.fromEntries(FIELDS.map(([key]) => [key, text(props.renter?.[key])])) as Draft,
  ); // every key of FIELDS is set
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { run, busy } = useMutation();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let phone: string | null;
    try {
      phone = toE164(draft.phone, country);
    } catch (error) {
      return setProblem(messageOf(error));
    }
    setProblem(null);
    const changed = FIELDS.filter(
      ([key]) => key !== 'phone' && (!props.renter || draft[key] !== text(props.renter[key])),
    );
    const values = Object.fromEntries(
      changed.map(([key]) => [
        camel(key),
        (COUNTRY_KEYS.has(key) ? draft[key].trim().toUpperCase() : draft[key].trim()) || null,
      ]),
    );
    const phoneChanged = !props.renter || phone !== (text(props.renter.phone) || null);
    const args = { ...values, ...(phoneChanged ? { phone } : {}), ...(checked ? { documentsChecked: true } : {}) };
    if (props.renter) {
      const done = await run(RENTAL_MUTATIONS.renterUpdate, { customerId: props.renter.id, ...args }, 'Renter saved.');
      if (done) props.onDone(props.renter.id);
      return;
    }
    const result = await run(RENTAL_MUTATIONS.renterCreate, args, `Renter ${draft.name} added.`);
    if (result) props.onDone(text(result.customerId));
  };

  return (
    <form className="form-grid" onSubmit={submit} aria-label={props.renter ? 'Edit renter' : 'New renter'}>
      {FIELDS.map(([key, label]) => (
        <Field key={key} label={label}>
          {(id) =>
            key === 'id_doc_type' ? (
              <select
                id={id}
                value={draft[key]}
                onChange={(e) => setDraft((old) => ({ ...old, [key]: e.target.value }))}
              >
                <option value="">—</option>
                {ID_TYPES.map(([value, name]) => (
                  <option key={value} value={value}>
                    {name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={DATE_KEYS.has(key) ? 'date' : key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
                required={
                  key === 'name' || key === 'birth_date' || key === 'licence_number' || key === 'licence_expires'
                }
                maxLength={key === 'address' ? 300 : COUNTRY_KEYS.has(key) ? 2 : key === 'name' ? 120 : 40}
                value={draft[key]}
                onChange={(e) => setDraft((old) => ({ ...old, [key]: e.target.value }))}
              />
            )
          }
        </Field>
      ))}
      <label className="check field-wide">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />I have seen the ID and
        the driving licence and they match this person
      </label>
      {problem ? (
        <div className="form-error field-wide" role="alert">
          {problem}
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            props.renter ? props.onDone(props.renter.id) : nav.getState().navigate({ name: 'rental', tab: 'renters' })
          }
        >
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {props.renter ? 'Save renter' : 'Add renter'}
        </button>
      </div>
    </form>
  );
}
