import { formatRate, type LineAmounts } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { formatMoney, text } from '../../../lib/format.ts';
import { quantityText } from '../line-draft.ts';
import type { MoneyTotals } from '../job-money.ts';

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function quantityCell(line: Row): string {
  if (line.pricing === 'flat') return 'flat';
  const quantity = quantityText(num(line.quantity_milli));
  return line.kind === 'labour' ? `${quantity} h` : quantity;
}

/** The job's lines with the amounts the domain computed; edit and remove while not invoiced. */
export function LineTable(props: {
  lines: ReadonlyArray<{ row: Row; amounts: LineAmounts }>;
  currency: string;
  showHsn: boolean;
  editable: boolean;
  editingId: string | null;
  onEdit: (line: Row) => void;
  onRemove: (line: Row) => void;
}) {
  const { locale } = useReference();
  const money = (minor: number) => formatMoney(minor, props.currency, locale);
  if (props.lines.length === 0) return <p className="empty">No labour or parts yet.</p>;
  return (
    <table className="table line-table" data-testid="line-table">
      <thead>
        <tr>
          <th>Description</th>
          {props.showHsn ? <th>HSN/SAC</th> : null}
          <th className="num">Qty</th>
          <th className="num">Rate</th>
          <th className="num">Discount</th>
          <th className="num">Tax</th>
          <th className="num">Amount</th>
          {props.editable ? <th aria-label="Actions" /> : null}
        </tr>
      </thead>
      <tbody>
        {props.lines.map(({ row, amounts }) => (
          <tr key={row.id} className={row.id === props.editingId ? 'editing' : undefined}>
            <td>
              <span className={`line-kind kind-${text(row.kind)}`}>{row.kind === 'part' ? 'Part' : 'Labour'}</span>{' '}
              {text(row.description)}
              <div className="muted small">
                {[
                  row.part_number ? `No. ${text(row.part_number)}` : '',
                  row.technician_name ? `by ${text(row.technician_name)}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
            </td>
            {props.showHsn ? <td className="mono">{text(row.hsn_sac) || '—'}</td> : null}
            <td className="num nowrap">{quantityCell(row)}</td>
            <td className="num nowrap">{money(num(row.unit_price_minor))}</td>
            <td className="num nowrap">{amounts.discountMinor ? money(amounts.discountMinor) : '—'}</td>
            <td className="num nowrap">{formatRate(num(row.tax_rate_bp))}</td>
            <td className="num nowrap">{money(amounts.taxableMinor)}</td>
            {props.editable ? (
              <td className="row-actions">
                <button type="button" className="button small" onClick={() => props.onEdit(row)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="button small danger-outline"
                  aria-label={`Remove ${text(row.description)}`}
                  onClick={() => props.onRemove(row)}
                >
                  Remove
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Taxable value, each tax by component and rate (CGST + SGST, IGST or VAT), and the total. */
export function TaxTotals(props: { totals: MoneyTotals; currency: string }) {
  const { locale } = useReference();
  const money = (minor: number) => formatMoney(minor, props.currency, locale);
  const { totals } = props;
  return (
    <table className="tax-totals" data-testid="line-totals">
      <tbody>
        <tr>
          <td>Taxable value</td>
          <td className="num">{money(totals.taxableMinor)}</td>
        </tr>
        {totals.taxLines.map((tax) => (
          <tr key={`${tax.component}-${tax.rateBp}`} className="tax-line">
            <td>
              {tax.component} {formatRate(tax.rateBp)} <span className="muted small">on {money(tax.taxableMinor)}</span>
            </td>
            <td className="num">{money(tax.amountMinor)}</td>
          </tr>
        ))}
        <tr className="total">
          <td>Total</td>
          <td className="num">{money(totals.totalMinor)}</td>
        </tr>
      </tbody>
    </table>
  );
}
