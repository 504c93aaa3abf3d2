import { formatRate, type TaxRate } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import type { LineDraft } from '../line-draft.ts';

export interface LineFieldsProps {
  readonly draft: LineDraft;
  readonly set: (key: keyof LineDraft) => (value: string) => void;
  readonly editing: boolean;
  readonly country: string;
  readonly currency: string;
  readonly rates: readonly TaxRate[];
  readonly technicians: readonly Row[];
}

/** What the line is: how labour is charged or the part number, the description, HSN/SAC (India). */
export function LineWhatFields(props: LineFieldsProps) {
  const { draft, set } = props;
  const labour = draft.kind === 'labour';
  return (
    <>
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
    </>
  );
}

/** What it costs: hours or quantity, rate or price, discount, tax rate; labour names its technician. */
export function LinePriceFields(props: LineFieldsProps) {
  const { draft, set } = props;
  const labour = draft.kind === 'labour';
  const hourly = draft.pricing === 'hourly';
  const money = `(${props.currency})`;
  const input = (key: keyof LineDraft) => (id: string) => (
    <input id={id} value={draft[key]} inputMode="decimal" onChange={(e) => set(key)(e.target.value)} />
  );
  return (
    <>
      {labour && !hourly ? null : <Field label={labour ? 'Hours' : 'Quantity'}>{input('quantity')}</Field>}
      <Field label={`${labour ? (hourly ? 'Rate per hour' : 'Amount') : 'Unit price'} ${money}`}>
        {input('unitPrice')}
      </Field>
      <Field label={`Discount ${money}`}>{input('discount')}</Field>
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
              {props.technicians.map((user) => (
                <option key={user.id} value={user.id}>
                  {text(user.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </>
  );
}

/** The rates in force, plus a line's old rate (no longer in force) so that editing shows it. */
function rateOptions(rates: readonly TaxRate[], current: number): readonly TaxRate[] {
  if (rates.some((rate) => rate.rateBp === current)) return rates;
  return [...rates, { code: `old-${current}`, label: `${formatRate(current)} (no longer in force)`, rateBp: current }];
}
