import { useState, type FormEvent } from 'react';
import { formatRate, lineAmounts, type TaxRegime, type TaxRate } from '@forecourt/shared/domain/garage/index';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney, parseMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { parseQuantity, type LineDraft } from '../line-draft.ts';

/**
 * Add or change one labour or part line. Labour is hours × rate or a flat amount, with the
 * technician who did it; parts carry a part number and quantity × unit price. India shows
 * HSN/SAC (labour defaults to SAC 9987 in the domain). A preview shows the line as it will count.
 */
export function LineForm(props: {
  initial: LineDraft;
  editing: boolean;
  country: string;
  currency: string;
  regime: TaxRegime;
  rates: readonly TaxRate[];
  busy: boolean;
  onSubmit: (draft: LineDraft, technicianName: string | null) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const technicians = useRows('users', { orderBy: 'name' }).rows.filter(
    (user) => user.active !== false && user.role !== 'viewer',
  );
  const set = (key: keyof LineDraft) => (value: string) => setDraft((old) => ({ ...old, [key]: value }));
  const labour = draft.kind === 'labour';
  const hourly = draft.pricing === 'hourly';
  const money = `(${props.currency})`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const technician = technicians.find((user) => user.id === draft.technicianId);
    setError(await props.onSubmit(draft, technician ? text(technician.name) : null));
  };

  return (
    <form className="line-form" onSubmit={submit} aria-label={labour ? 'Labour line' : 'Part line'}>
      <h3>{props.editing ? 'Change line' : labour ? 'Add labour' : 'Add part'}</h3>
      <div className="form-grid">
        {labour ? (
          <Field label="Charged">
            {(id) => (
              <select
                id={id}
                value={draft.pricing}
                disabled={props.editing}
                onChange={(e) => set('pricing')(e.target.value)}
              >
                <option value="hourly">Hours × rate</option>
                <option value="flat">Flat amount</option>
              </select>
            )}
          </Field>
        ) : (
          <Field label="Part number">
            {(id) => (
              <input
                id={id}
                value={draft.partNumber}
                maxLength={60}
                onChange={(e) => set('partNumber')(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label="Description" wide={labour}>
          {(id) => (
            <input
              id={id}
              value={draft.description}
              maxLength={300}
              required
              autoFocus
              onChange={(e) => set('description')(e.target.value)}
            />
          )}
        </Field>
        {props.country === 'IN' ? (
          <Field label="HSN/SAC" hint={labour ? 'Empty: SAC 9987 (repair services)' : '4 to 8 digits'}>
            {(id) => (
              <input id={id} value={draft.hsnSac} inputMode="numeric" onChange={(e) => set('hsnSac')(e.target.value)} />
            )}
          </Field>
        ) : null}
        {labour && !hourly ? null : (
          <Field label={labour ? 'Hours' : 'Quantity'}>
            {(id) => (
              <input
                id={id}
                value={draft.quantity}
                inputMode="decimal"
                onChange={(e) => set('quantity')(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={`${labour ? (hourly ? 'Rate per hour' : 'Amount') : 'Unit price'} ${money}`}>
          {(id) => (
            <input
              id={id}
              value={draft.unitPrice}
              inputMode="decimal"
              onChange={(e) => set('unitPrice')(e.target.value)}
            />
          )}
        </Field>
        <Field label={`Discount ${money}`}>
          {(id) => (
            <input
              id={id}
              value={draft.discount}
              inputMode="decimal"
              onChange={(e) => set('discount')(e.target.value)}
            />
          )}
        </Field>
        <Field label="Tax rate">
          {(id) => (
            <select id={id} value={draft.taxRateBp} onChange={(e) => set('taxRateBp')(e.target.value)}>
              {rateOptions(props.rates, Number(draft.taxRateBp)).map((rate) => (
                <option key={rate.code} value={String(rate.rateBp)}>
                  {rate.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {labour ? (
          <Field label="Technician">
            {(id) => (
              <select id={id} value={draft.technicianId} onChange={(e) => set('technicianId')(e.target.value)}>
                <option value="">Not named</option>
                {technicians.map((user) => (
                  <option key={user.id} value={user.id}>
                    {text(user.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <div className="line-form-foot">
        <LinePreview draft={draft} currency={props.currency} regime={props.regime} />
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="actions">
          <button type="button" className="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={props.busy}>
            {props.editing ? 'Save line' : 'Add line'}
          </button>
        </div>
      </div>
    </form>
  );
}

/** The rates in force, plus a line's old rate (no longer in force) so that editing shows it. */
function rateOptions(rates: readonly TaxRate[], current: number): readonly TaxRate[] {
  if (rates.some((rate) => rate.rateBp === current)) return rates;
  return [...rates, { code: `old-${current}`, label: `${formatRate(current)} (no longer in force)`, rateBp: current }];
}

/** "₹1,200.00 + tax ₹216.00 = ₹1,416.00" while typing; nothing while the numbers are incomplete. */
function LinePreview(props: { draft: LineDraft; currency: string; regime: TaxRegime }) {
  const { locale } = useReference();
  const { draft, currency } = props;
  let amounts;
  try {
    const unitPriceMinor = parseMoney(draft.unitPrice, currency);
    if (unitPriceMinor === null) return <span />;
    amounts = lineAmounts(
      {
        quantityMilli: draft.pricing === 'flat' ? 1000 : parseQuantity(draft.quantity),
        unitPriceMinor,
        discountMinor: parseMoney(draft.discount, currency) ?? 0,
        taxRateBp: Number(draft.taxRateBp),
      },
      props.regime,
    );
  } catch {
    // Incomplete numbers while typing: the preview waits; submitting shows the message.
    return <span />;
  }
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return (
    <span className="muted" data-testid="line-preview">
      {money(amounts.taxableMinor)} + tax {money(amounts.taxMinor)} = <strong>{money(amounts.totalMinor)}</strong>
    </span>
  );
}
