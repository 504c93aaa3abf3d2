import { DomainError } from '../../errors.ts';

/**
 * The site's account for Swiss QR-bills (SIX Implementation Guidelines QR-bill v2.3 accept CH and
 * LI IBANs only): ISO 13616 with its mod-97 check. A QR-IBAN (institution id 30000–31999) is an
 * IBAN like any other here; the QR-bill then carries a QR reference instead of an RF reference.
 * Checked by `site.update` (on the counter and again on the server) and by the server's site
 * creation; stored compact (CH9300762011623852957), printed in blocks of four.
 */

/** Letters as numbers (A = 10 … Z = 35), digits as themselves: the conversion of both mod-97 checks. */
export function lettersAsDigits(text: string): string {
  return [...text].map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char)).join('');
}

/** The remainder mod 97 of a long decimal string, a few digits at a time. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) remainder = Number(`${remainder}${digits.slice(i, i + 7)}`) % 97;
  return remainder;
}

/** An IBAN without spaces, upper case. */
export const compactIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();

/** ISO 13616: move the first four characters to the end, letters to numbers, the rest mod 97 is 1. */
export function ibanChecksumValid(iban: string): boolean {
  const compact = compactIban(iban);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  return mod97(lettersAsDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

/** A QR-IBAN is a Swiss/Liechtenstein IBAN whose institution id (IID, positions 5–9) is 30000–31999. */
export function isQrIban(iban: string): boolean {
  const iid = Number(compactIban(iban).slice(4, 9));
  return iid >= 30_000 && iid <= 31_999;
}

/** What is wrong with an IBAN for a QR-bill, in words for the person typing it; null when it is fine. */
export function qrBillIbanProblem(iban: string): string | null {
  const compact = compactIban(iban);
  if (!/^[A-Z0-9]*$/.test(compact))
    return `${iban.trim()} has characters an IBAN cannot have (letters and digits only)`;
  if (!/^(CH|LI)/.test(compact))
    return `${compact} is not a Swiss or Liechtenstein IBAN: QR-bills need an account starting CH or LI`;
  if (!/^(CH|LI)[0-9]{2}[0-9]{5}[A-Z0-9]{12}$/.test(compact))
    return `the IBAN ${compact} must have 21 characters (${compact.slice(0, 2)}, 2 check digits, 17 more), not ${compact.length}`;
  if (!ibanChecksumValid(compact)) return `the IBAN ${compact} has a wrong check digit: a typing error?`;
  return null;
}

/** The IBAN as stored (compact), or a DomainError('invalid') naming the fault. */
export function normaliseSiteIban(iban: string): string {
  const problem = qrBillIbanProblem(iban);
  if (problem) throw new DomainError('invalid', problem);
  return compactIban(iban);
}

/** CH93 0076 2011 6238 5295 7: blocks of four, as the QR-bill prints it. */
export const formatIban = (iban: string): string => compactIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
