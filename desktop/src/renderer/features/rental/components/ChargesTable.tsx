import { useReference } from '../../../app/reference.ts';
import { formatMoney } from '../../../lib/format.ts';

export interface ChargeLine {
  readonly label: string;
  readonly amountMinor: number;
}

/** Charge lines, VAT and the total, as the domain computed them (never summed here). */
export function ChargesTable(props: {
  lines: readonly ChargeLine[];
  vatLabel?: string;
  vatMinor?: number;
  totalLabel: string;
  totalMinor: number;
  testId?: string;
}) {
  const { locale, currency } = useReference();
  return (
    <table className="charges" data-testid={props.testId}>
      <tbody>
        {props.lines.map((line, index) => (
          <tr key={`${line.label}-${index}`}>
            <td>{line.label}</td>
            <td>{formatMoney(line.amountMinor, currency, locale)}</td>
          </tr>
        ))}
        <tr className="total">
          <td>{props.totalLabel}</td>
          <td>{formatMoney(props.totalMinor, currency, locale)}</td>
        </tr>
        {props.vatLabel && props.vatMinor !== undefined ? (
          <tr className="vat">
            <td>{props.vatLabel}</td>
            <td>{formatMoney(props.vatMinor, currency, locale)}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
