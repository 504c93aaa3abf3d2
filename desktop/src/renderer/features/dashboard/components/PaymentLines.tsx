import type { PaymentLineView } from '../../../../common/analytics-schemas.ts';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';

const METHOD_LABELS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  upi: 'UPI',
  card: 'Card',
  bank_transfer: 'Bank transfer',
};

/**
 * Payments a manager recorded (awaiting confirmation, or cash not yet handed over). With
 * `selected`, each row has a checkbox: the settlement screen picks the cash to hand over.
 */
interface PaymentLinesProps {
  readonly payments: readonly PaymentLineView[];
  /** How many there are in all; the core lists the newest 200. */
  readonly count: number;
  readonly currency: string;
  readonly emptyText: string;
  readonly selected?: ReadonlySet<string>;
  readonly onToggle?: (paymentId: string) => void;
  readonly testId?: string;
}

export function PaymentLines(props: PaymentLinesProps) {
  if (props.payments.length === 0) return <div className="empty">{props.emptyText}</div>;
  return (
    <>
      <PaymentTable {...props} />
      {props.count > props.payments.length ? (
        <p className="muted small">
          The newest {props.payments.length} of {props.count} payments; the total above counts them all.
        </p>
      ) : null}
    </>
  );
}

function PaymentTable(props: PaymentLinesProps) {
  const { locale } = useReference();
  const { selected, onToggle } = props;
  return (
    <table className="table" data-testid={props.testId}>
      <thead>
        <tr>
          {selected ? <th aria-label="Hand over" /> : null}
          <th>Recorded</th>
          <th>Job</th>
          <th>Customer</th>
          <th>Method</th>
          <th>Status</th>
          <th className="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        {props.payments.map((payment) => (
          <tr key={payment.paymentId}>
            {selected ? (
              <td>
                <input
                  type="checkbox"
                  checked={selected.has(payment.paymentId)}
                  onChange={() => onToggle?.(payment.paymentId)}
                  aria-label={`Hand over ${payment.jobNumber ?? 'payment'} ${formatMoney(payment.amountMinor, props.currency, locale)}`}
                />
              </td>
            ) : null}
            <td className="nowrap">{formatDateTime(payment.recordedAt, locale)}</td>
            <td className="mono">{payment.jobNumber ?? '—'}</td>
            <td>{payment.customerName ?? '—'}</td>
            <td>{METHOD_LABELS[payment.method] ?? payment.method}</td>
            <td>
              <span className={payment.status === 'confirmed' ? 'pill pill-ok' : 'pill pill-warn'}>
                {payment.status === 'confirmed' ? 'Confirmed' : 'Unconfirmed'}
              </span>
            </td>
            <td className="num">{formatMoney(payment.amountMinor, props.currency, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
