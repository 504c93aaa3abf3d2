import { Field } from '../../../lib/Field.tsx';
import { useReference } from '../../../app/reference.ts';

export interface DepositDraft {
  readonly amount: string;
  readonly method: 'cash' | 'card' | 'bank_transfer';
  readonly reference: string;
}

const METHODS: ReadonlyArray<[DepositDraft['method'], string]> = [
  ['card', 'Card (terminal)'],
  ['cash', 'Cash'],
  ['bank_transfer', 'Bank transfer'],
];

/** The deposit taken at pickup: amount, how, and the card terminal's reference. */
export function DepositFields(props: {
  deposit: DepositDraft;
  quoted: string;
  onChange: (deposit: DepositDraft) => void;
}) {
  const { currency } = useReference();
  const set = (patch: Partial<DepositDraft>) => props.onChange({ ...props.deposit, ...patch });
  return (
    <>
      <Field label={`Deposit (${currency})`} hint={`Reserved with ${props.quoted}`}>
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            value={props.deposit.amount}
            onChange={(e) => set({ amount: e.target.value })}
          />
        )}
      </Field>
      <Field label="Deposit taken by">
        {(id) => (
          <select
            id={id}
            value={props.deposit.method}
            onChange={(e) => set({ method: METHODS.find(([value]) => value === e.target.value)?.[0] ?? 'card' })}
          >
            {METHODS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {props.deposit.method === 'card' ? (
        <Field label="Terminal reference">
          {(id) => (
            <input
              id={id}
              maxLength={100}
              value={props.deposit.reference}
              onChange={(e) => set({ reference: e.target.value })}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
