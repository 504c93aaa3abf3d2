import { useState, type FormEvent } from 'react';
import { useReference } from '../../../app/reference.ts';
import { useCountry } from '../../../app/useCountry.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useServerCall } from '../use-server-call.ts';
import { IbanField, ibanNote } from './IbanField.tsx';
import { SiteEditor, taxIdHint } from './SiteEditor.tsx';

const blankToNull = (value: string) => (value.trim() ? value.trim() : null);

/** The owner's workshops: their details for documents, and adding another (online). */
export function SitesPanel() {
  const { sites } = useReference();
  // Swiss sites are paid by QR-bill: the account is worth seeing in the list.
  const showIban = useCountry() === 'CH';
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const site = sites.find((row) => row.id === editing);
  return (
    <>
      <div className="panel">
        <div className="section-head">
          <h2>Sites</h2>
          {adding ? null : (
            <button type="button" className="button" onClick={() => setAdding(true)}>
              Add a site
            </button>
          )}
        </div>
        <table className="table" data-testid="sites-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Code</th>
              <th>Address</th>
              <th>Phone</th>
              <th>Tax id</th>
              {showIban ? <th>IBAN</th> : null}
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sites.map((row) => (
              <tr key={row.id}>
                <td className="strong">{text(row.name)}</td>
                <td className="mono">{text(row.code)}</td>
                <td>{text(row.address) || '—'}</td>
                <td className="mono">{text(row.phone) || '—'}</td>
                <td className="mono">{text(row.tax_id) || '—'}</td>
                {showIban ? <td className="mono">{text(row.iban) || '—'}</td> : null}
                <td>
                  <button type="button" className="button small" onClick={() => setEditing(row.id)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {adding ? <NewSiteForm onDone={() => setAdding(false)} /> : null}
      {site ? <SiteEditor key={site.id} site={site} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function NewSiteForm({ onDone }: { onDone: () => void }) {
  const country = useCountry();
  const { run, busy } = useServerCall();
  const [form, setForm] = useState({ name: '', code: '', address: '', phone: '', taxId: '', iban: '' });
  const [ibanTouched, setIbanTouched] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((old) => ({ ...old, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (country === 'CH' && ibanNote(form.iban).error) return setIbanTouched(true);
    const created = await run(
      'admin:createSite',
      {
        name: form.name.trim(),
        code: form.code.trim(),
        address: blankToNull(form.address),
        phone: blankToNull(form.phone),
        taxId: blankToNull(form.taxId),
        ...(country === 'CH' ? { iban: blankToNull(form.iban) } : {}),
      },
      `${form.name.trim()} added. Connect its counter PC with an enrolment code under Devices.`,
    );
    if (created) onDone();
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Add a site">
      <h2>Add a site</h2>
      <div className="form-grid">
        <Field label="Site name">
          {(id) => (
            <input id={id} required maxLength={120} value={form.name} onChange={(e) => set('name')(e.target.value)} />
          )}
        </Field>
        <Field label="Site code" hint="2–8 letters or digits; starts its PC codes and document numbers">
          {(id) => (
            <input
              id={id}
              required
              pattern="[A-Za-z0-9]{2,8}"
              className="mono upper"
              value={form.code}
              onChange={(e) => set('code')(e.target.value)}
            />
          )}
        </Field>
        <Field label="Address" wide>
          {(id) => (
            <input id={id} maxLength={500} value={form.address} onChange={(e) => set('address')(e.target.value)} />
          )}
        </Field>
        <Field label="Phone">
          {(id) => <input id={id} type="tel" value={form.phone} onChange={(e) => set('phone')(e.target.value)} />}
        </Field>
        <Field label="Tax id" hint={taxIdHint(country)}>
          {(id) => <input id={id} className="mono" value={form.taxId} onChange={(e) => set('taxId')(e.target.value)} />}
        </Field>
        {country === 'CH' ? (
          <IbanField
            value={form.iban}
            touched={ibanTouched}
            onChange={set('iban')}
            onTouched={() => setIbanTouched(true)}
          />
        ) : null}
      </div>
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Asking the server…' : 'Add site'}
        </button>
      </div>
    </form>
  );
}
