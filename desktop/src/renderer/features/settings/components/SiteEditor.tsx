import { MAX_LOGO_CHARS } from '@forecourt/shared/domain/garage/workshop';
import { formatIban } from '@forecourt/shared/domain/sites/iban';
import type { Row } from '@forecourt/shared/schema/tables';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useCountry } from '../../../app/useCountry.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { IbanField, ibanNote } from './IbanField.tsx';

export function taxIdHint(country: string): string {
  return country === 'CH'
    ? 'UID, CHE-123.456.789 (MWST); check digit verified'
    : 'GSTIN, 15 characters; check character verified';
}

const blankToNull = (value: string) => (value.trim() ? value.trim() : null);

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * A workshop's details as its documents print them. Saved as two mutations (offline too):
 * `site.update` for name, address and phone, `workshop.updateProfile` for the tax id, legal name,
 * logo, footer and payment details (the UPI id of the invoice's QR code in India; the bank
 * details in Switzerland). The IBAN of the Swiss QR-bill is a site field (`site.update`), checked
 * here as it is typed and again by the mutation on the counter and the server. Both check the tax
 * id and phone for the country, here and on the server.
 */
export function SiteEditor({ site, onClose }: { site: Row; onClose: () => void }) {
  const country = useCountry();
  const profile = useRows('site_profiles', { where: { site_id: site.id } }).rows[0];
  const { run, busy } = useMutation();
  const [form, setForm] = useState({
    name: text(site.name),
    address: text(site.address),
    phone: text(site.phone),
    taxId: text(site.tax_id),
    legalName: text(profile?.legal_name),
    footer: text(profile?.document_footer),
    upiVpa: text(profile?.upi_vpa),
    upiPayeeName: text(profile?.upi_payee_name),
    bankDetails: text(profile?.bank_details),
    iban: site.iban ? formatIban(text(site.iban)) : '',
  });
  const [ibanTouched, setIbanTouched] = useState(false);
  const ibanError = ibanNote(form.iban).error;
  const [logo, setLogo] = useState<string | null | undefined>(undefined);
  const [logoError, setLogoError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (value: string) => setForm((old) => ({ ...old, [key]: value }));
  const shownLogo = logo === undefined ? text(profile?.logo_data_url) || null : logo;

  const pickLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const url = await readDataUrl(file);
    if (url.length > MAX_LOGO_CHARS) return setLogoError('The logo is too large: use a PNG or JPEG under 200 KB.');
    setLogoError(null);
    setLogo(url);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (country === 'CH' && ibanError) return setIbanTouched(true);
    const details = {
      siteId: site.id,
      name: form.name.trim(),
      address: blankToNull(form.address),
      phone: blankToNull(form.phone),
      ...(country === 'CH' ? { iban: blankToNull(form.iban) } : {}),
    };
    if (!(await run('site.update', details))) return;
    const profileInput = {
      siteId: site.id,
      taxId: blankToNull(form.taxId),
      legalName: blankToNull(form.legalName),
      documentFooter: blankToNull(form.footer),
      ...(country === 'IN' ? { upiVpa: blankToNull(form.upiVpa), upiPayeeName: blankToNull(form.upiPayeeName) } : {}),
      ...(country === 'CH' ? { bankDetails: blankToNull(form.bankDetails) } : {}),
      ...(logo === undefined ? {} : { logoDataUrl: logo }),
    };
    if (await run('workshop.updateProfile', profileInput, `${form.name.trim()} saved.`)) onClose();
  };

  return (
    <form className="panel" onSubmit={submit} aria-label={`Edit ${text(site.name)}`}>
      <h2>{text(site.name)}</h2>
      <div className="form-grid">
        <Field label="Site name">
          {(id) => (
            <input id={id} required maxLength={120} value={form.name} onChange={(e) => set('name')(e.target.value)} />
          )}
        </Field>
        <Field label="Legal name on documents">
          {(id) => (
            <input id={id} maxLength={200} value={form.legalName} onChange={(e) => set('legalName')(e.target.value)} />
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
        <Field label="Document footer" wide hint="Printed at the foot of job cards and invoices">
          {(id) => (
            <textarea
              id={id}
              rows={2}
              maxLength={1000}
              value={form.footer}
              onChange={(e) => set('footer')(e.target.value)}
            />
          )}
        </Field>
        {country === 'IN' ? (
          <>
            <Field label="UPI id" hint="name@bank: invoices print a UPI QR code to pay it">
              {(id) => (
                <input
                  id={id}
                  className="mono"
                  maxLength={100}
                  value={form.upiVpa}
                  onChange={(e) => set('upiVpa')(e.target.value)}
                />
              )}
            </Field>
            <Field label="UPI payee name">
              {(id) => (
                <input
                  id={id}
                  maxLength={100}
                  value={form.upiPayeeName}
                  onChange={(e) => set('upiPayeeName')(e.target.value)}
                />
              )}
            </Field>
          </>
        ) : null}
        {country === 'CH' ? (
          <IbanField
            value={form.iban}
            touched={ibanTouched}
            onChange={set('iban')}
            onTouched={() => setIbanTouched(true)}
          />
        ) : null}
        {country === 'CH' ? (
          <Field
            label="Bank details"
            wide
            hint="Bank name and anything else to print; a site without the IBAN field has its QR-bill IBAN read from here"
          >
            {(id) => (
              <textarea
                id={id}
                rows={2}
                maxLength={500}
                value={form.bankDetails}
                onChange={(e) => set('bankDetails')(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <Field label="Logo" error={logoError} hint="PNG or JPEG, printed at the top of documents">
          {(id) => <input id={id} type="file" accept="image/png,image/jpeg" onChange={(e) => void pickLogo(e)} />}
        </Field>
        {shownLogo ? (
          <div className="field">
            <img src={shownLogo} alt="Logo" style={{ maxHeight: 64, maxWidth: 200 }} />
            <button type="button" className="button small ghost" onClick={() => setLogo(null)}>
              Remove logo
            </button>
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
