import { useState, type FormEvent } from 'react';
import { lineAmounts, type TaxRegime, type TaxRate } from '@forecourt/shared/domain/garage/index';
import { useReference } from '../../../app/reference.ts';
import { formatMoney, parseMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { parseQuantity, type LineDraft } from '../line-draft.ts';
import { LinePriceFields, LineWhatFields } from './LineFields.tsx';

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
  const fields = { draft, set, technicians, ...props };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const technician = technicians.find((user) => user.id === draft.technicianId);
    setError(await props.onSubmit(draft, technician ? text(technician.name) : null));
  };

  return (
    <form className="line-form" onSubmit={submit} aria-label={labour ? 'Labour line' : 'Part line'}>
      <h3>{props.editing ? 'Change line' : labour ? 'Add labour' : 'Add part'}</h3>
      <div className="form-grid">
        <LineWhatFields {...fields} />
        <LinePriceFields {...fields} />
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
