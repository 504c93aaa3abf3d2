import type { Row } from '@forecourt/shared/schema/tables';
import { useRows } from '../../../lib/use-rows.ts';
import { renterWarnings } from '../renter-checks.ts';
import { rentalTable } from '../rental-rows.ts';

/** Do-not-rent matches and driver-rule problems, shown at reservation and at contract. */
export function RenterWarnings(props: {
  renter: Row;
  at: 'reservation' | 'contract' | 'renter';
  booking?: { rentalClass: Row; pickupDate: string; returnDate: string } | null;
}) {
  const list = useRows(rentalTable('doNotRent')).rows;
  // An erased renter has nothing left to check: the row is only kept for the accounting records.
  const warnings = props.renter.erased_at ? [] : renterWarnings(props.renter, list, props.booking ?? null);
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list" aria-label={`Warnings for this ${props.at}`} data-testid="renter-warnings">
      {warnings.map((warning) => (
        <li key={warning.message} className={warning.level === 'warn' ? 'warn' : undefined}>
          {warning.message}
        </li>
      ))}
    </ul>
  );
}
