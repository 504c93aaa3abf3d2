import { createHash } from 'node:crypto';
import { DomainError } from '@forecourt/shared';

/**
 * The check digits of a Swiss QR-bill (SIX Implementation Guidelines QR-bill v2.3): the IBAN and
 * its mod-97 check (ISO 13616), the QR-IID range that marks a QR-IBAN, the 27-digit QR reference
 * with its modulo-10 recursive check digit, and the ISO 11649 creditor reference (RF, mod 97).
 */

/** Letters as numbers (A = 10 … Z = 35), digits as themselves: the conversion both mod-97 checks use. */
function lettersAsDigits(text: string): string {
  return [...text].map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char)).join('');
}

/** The remainder mod 97 of a long decimal string, a few digits at a time (no bigint needed). */
function mod97(digits: string): number {
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

/** The IBAN a QR-bill may carry: CH or LI, 21 characters, a valid check; else a DomainError naming the fault. */
export function requireQrBillIban(iban: string): string {
  const compact = compactIban(iban);
  if (!/^(CH|LI)/.test(compact))
    throw new DomainError('invalid', `the account ${compact} is not a Swiss or Liechtenstein IBAN (CH… or LI…)`);
  if (!/^(CH|LI)[0-9]{2}[0-9]{5}[A-Z0-9]{12}$/.test(compact))
    throw new DomainError('invalid', `the IBAN ${compact} must have 21 characters (CH, 2 check digits, 17 more)`);
  if (!ibanChecksumValid(compact))
    throw new DomainError('invalid', `the IBAN ${compact} has a wrong check digit: a typing error?`);
  return compact;
}

/** Modulo 10 recursive (SIX, table of the carry): the check digit of a QR reference. */
const CARRY_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5] as const;
export function mod10RecursiveCheckDigit(digits: string): number {
  if (!/^[0-9]*$/.test(digits)) throw new DomainError('invalid', 'a QR reference has digits only');
  let carry = 0;
  for (const digit of digits) carry = CARRY_TABLE[(carry + Number(digit)) % 10] ?? 0;
  return (10 - carry) % 10;
}

export function qrReferenceValid(reference: string): boolean {
  const compact = reference.replace(/\s+/g, '');
  if (!/^[0-9]{27}$/.test(compact) || /^0+$/.test(compact)) return false;
  return mod10RecursiveCheckDigit(compact.slice(0, 26)) === Number(compact.slice(26));
}

/** A QR reference from up to 26 digits of our own: padded with zeros on the left, its check digit appended. */
export function qrReferenceFrom(digits: string): string {
  if (!/^[0-9]{1,26}$/.test(digits)) throw new DomainError('invalid', 'a QR reference is built from 1–26 digits');
  const body = digits.padStart(26, '0');
  return `${body}${mod10RecursiveCheckDigit(body)}`;
}

/** ISO 11649: RF, two check digits, up to 21 letters and digits; the moved string mod 97 is 1. */
export function creditorReferenceValid(reference: string): boolean {
  const compact = reference.replace(/\s+/g, '').toUpperCase();
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(compact)) return false;
  return mod97(lettersAsDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

export function creditorReferenceFrom(body: string): string {
  const compact = body.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (compact.length < 1 || compact.length > 21)
    throw new DomainError('invalid', 'a creditor reference has 1–21 letters and digits');
  const check = 98 - mod97(lettersAsDigits(`${compact}RF00`));
  return `RF${String(check).padStart(2, '0')}${compact}`;
}

/**
 * The digits a document number stands for in a QR reference: each letter or digit as two digits
 * (0–9 → 00–09, A–Z → 10–35), so the mapping can be read back; a number longer than 13 characters
 * takes the first 26 decimal digits of its sha256 instead (still one reference per number).
 */
export function referenceDigitsOf(documentNumber: string): string {
  const compact = documentNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (compact.length > 0 && compact.length <= 13) {
    return [...compact]
      .map((char) => String(/[A-Z]/.test(char) ? char.charCodeAt(0) - 55 : Number(char)).padStart(2, '0'))
      .join('');
  }
  return BigInt(`0x${createHash('sha256').update(documentNumber).digest('hex')}`)
    .toString()
    .slice(0, 26);
}

/** Groups for print: a QR reference as 2 + blocks of 5, an IBAN or RF reference in blocks of 4. */
export function groupedQrReference(reference: string): string {
  return `${reference.slice(0, 2)} ${reference.slice(2).replace(/(.{5})(?=.)/g, '$1 ')}`;
}
export const groupedInFours = (value: string): string => value.replace(/(.{4})(?=.)/g, '$1 ');
