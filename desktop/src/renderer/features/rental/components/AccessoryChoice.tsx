import { useReference } from '../../../app/reference.ts';
import { formatMoney, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { rentalTable } from '../rental-rows.ts';

/** The active accessories (child seat, chains, vignette, charging cable…) as ticks, by code. */
export function AccessoryChoice(props: { value: readonly string[]; onChange: (codes: string[]) => void }) {
  const { locale, currency } = useReference();
  const accessories = useRows(rentalTable('accessories'), { orderBy: 'name' }).rows.filter(
    (row) => row.active && !row.deleted_at,
  );
  if (accessories.length === 0) return null;
  return (
    <fieldset className="field field-wide checks">
      <legend>Accessories</legend>
      {accessories.map((row) => {
        const code = text(row.code);
        return (
          <label key={row.id} className="check">
            <input
              type="checkbox"
              checked={props.value.includes(code)}
              onChange={(e) =>
                props.onChange(e.target.checked ? [...props.value, code] : props.value.filter((item) => item !== code))
              }
            />
            {text(row.name)}{' '}
            <span className="muted small">
              {formatMoney(
                typeof row.price_per_day_minor === 'number' ? row.price_per_day_minor : null,
                currency,
                locale,
              )}
              /day
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
