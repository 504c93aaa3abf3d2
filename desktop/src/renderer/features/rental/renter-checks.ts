import { doNotRentMatches, driverProblems } from '@forecourt/shared/domain/rental/renter-rules';
import type { Row } from '@forecourt/shared/schema/tables';
import { asSentence, text } from '../../lib/format.ts';

/**
 * What the counter is told about a renter before a reservation or a contract, with the domain's
 * own rules: a match on the do-not-rent list (licence number, phone, email or ID number), and —
 * once a class and a period are chosen — the age, licence-years and expiry rules the mutation
 * will enforce. Documents never checked in person are a softer warning.
 */
export interface RenterWarning {
  readonly level: 'stop' | 'warn';
  readonly message: string;
}

export function renterWarnings(
  renter: Row,
  doNotRent: readonly Row[],
  booking: { rentalClass: Row; pickupDate: string; returnDate: string } | null,
): RenterWarning[] {
  const warnings: RenterWarning[] = doNotRentMatches(renter, doNotRent).map((entry) => ({
    level: 'stop',
    message: `Do not rent: ${text(entry.name)} is on the list (${text(entry.reason)}).`,
  }));
  if (booking) {
    for (const problem of driverProblems(renter, booking.rentalClass, booking))
      warnings.push({ level: 'stop', message: asSentence(problem) });
  }
  if (!text(renter.checked_at))
    warnings.push({ level: 'warn', message: 'ID and driving licence not checked in person yet.' });
  return warnings;
}
