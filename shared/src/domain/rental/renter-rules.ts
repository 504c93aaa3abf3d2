import { DomainError } from '../../errors.ts';
import type { Row } from '../../schema/table-spec.ts';

/**
 * Who may drive a class: a minimum age and a minimum number of years since the licence was
 * issued, both on the pickup date; a licence and an ID document that have not expired by the
 * return date. Each failed rule is one clear sentence.
 */
export function yearsBetween(fromDate: string, toDate: string): number {
  const [fy, fm, fd] = fromDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

export function driverProblems(
  renter: Row,
  rentalClass: Row,
  period: { readonly pickupDate: string; readonly returnDate: string },
): string[] {
  const problems: string[] = [];
  const name = String(renter.name);
  if (renter.erased_at) return [`${name}: this renter's data was erased`];
  const minAge = Number(rentalClass.min_age ?? 0);
  const minYears = Number(rentalClass.min_licence_years ?? 0);
  if (typeof renter.birth_date !== 'string') problems.push(`${name}: date of birth is missing`);
  else if (yearsBetween(renter.birth_date, period.pickupDate) < minAge) {
    problems.push(
      `${name} is ${yearsBetween(renter.birth_date, period.pickupDate)}; ${String(rentalClass.name)} needs ${minAge} or older`,
    );
  }
  if (typeof renter.licence_number !== 'string' || !renter.licence_number)
    problems.push(`${name}: driving licence is missing`);
  else {
    if (typeof renter.licence_issued !== 'string') problems.push(`${name}: licence issue date is missing`);
    else if (yearsBetween(renter.licence_issued, period.pickupDate) < minYears) {
      problems.push(
        `${name} has held a licence for less than ${minYears} year${minYears === 1 ? '' : 's'} (${String(rentalClass.name)})`,
      );
    }
    if (typeof renter.licence_expires === 'string' && renter.licence_expires.slice(0, 10) < period.returnDate) {
      problems.push(`${name}: driving licence expires on ${renter.licence_expires.slice(0, 10)}, before the return`);
    }
  }
  if (typeof renter.id_doc_expires === 'string' && renter.id_doc_expires.slice(0, 10) < period.pickupDate) {
    problems.push(`${name}: ID document expired on ${renter.id_doc_expires.slice(0, 10)}`);
  }
  return problems;
}

export function requireDrivers(
  renters: readonly Row[],
  rentalClass: Row,
  period: { pickupDate: string; returnDate: string },
): void {
  const problems = renters.flatMap((renter) => driverProblems(renter, rentalClass, period));
  if (problems.length > 0) throw new DomainError('invalid', problems.join('; '));
}

const normalise = (value: unknown): string =>
  typeof value === 'string' ? value.toLowerCase().replace(/[\s\-./]/g, '') : '';

/** Do-not-rent entries matching a renter on licence number, phone, email or ID number. */
export function doNotRentMatches(renter: Row, list: readonly Row[]): Row[] {
  const keys: Array<[string, string]> = [
    ['licence_number', 'licence_number'],
    ['phone', 'phone'],
    ['email', 'email'],
    ['id_doc_number', 'id_doc_number'],
  ];
  return list.filter(
    (entry) =>
      !entry.deleted_at &&
      keys.some(([renterKey, entryKey]) => {
        const a = normalise(renter[renterKey]);
        return a !== '' && a === normalise(entry[entryKey]);
      }),
  );
}

/** Swiss law keeps accounting records 10 years: erasure keeps them until then. */
export function retentionUntil(lastRecordDate: string): string {
  const year = Number(lastRecordDate.slice(0, 4)) + 10;
  return `${year}${lastRecordDate.slice(4, 10)}`;
}
