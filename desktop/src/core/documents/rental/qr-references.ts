import { createHash } from 'node:crypto';
import { DomainError } from '@forecourt/shared';
import { compactIban, lettersAsDigits, mod97, qrBillIbanProblem } from '@forecourt/shared/domain/sites/iban';

/**
 * The check digits of a Swiss QR-bill (SIX Implementation Guidelines QR-bill v2.3): the IBAN and
 * its mod-97 check (ISO 13616), the QR-IID range that marks a QR-IBAN, the 27-digit QR reference
 * with its modulo-10 recursive check digit, and the ISO 11649 creditor reference (RF, mod 97).
 */

/** Letters as numbers, mod 97, IBAN checks: shared with the site's IBAN field (shared/src/domain/sites/iban.ts). */
export { compactIban, ibanChecksumValid, isQrIban } from '@forecourt/shared/domain/sites/iban';

/** The IBAN a QR-bill may carry: CH or LI, 21 characters, a valid check; else a DomainError naming the fault. */
export function requireQrBillIban(iban: string): string {
  const problem = qrBillIbanProblem(iban);
  if (problem) throw new DomainError('invalid', problem);
  return compactIban(iban);
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

/**
 * The symbols of a document number (invoice ZRH1A/2026/00042, reservation RZRH1A-26-00007), each
 * standing for 1–38: the number read in bijective base 38 has no leading-zero ambiguity, so every
 * number of up to 16 characters has its own value, below 2 × 10^25.
 */
const NUMBER_SYMBOLS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/';
const NUMBER_BASE = BigInt(NUMBER_SYMBOLS.length);
/**
 * Added to that value, so a reference made from a document number starts with 5 or 6, never with
 * 0–3 like the two-digit references (`referenceDigitsOf`) of the invoices printed with their
 * contract number before rental invoices were numbered: the two kinds cannot meet.
 */
const NUMBER_OFFSET = 5n * 10n ** 25n;
const MAX_NUMBER_CHARS = 16;

/**
 * The 26 digits of a QR reference that stand for a document number and read back to it
 * (`documentNumberOfReference`). A number longer than 16 characters or with other symbols takes
 * the sha256 digits of `referenceDigitsOf` instead (unique still, not readable).
 */
export function referenceDigitsOfNumber(documentNumber: string): string {
  const upper = documentNumber.trim().toUpperCase();
  if (upper.length === 0 || upper.length > MAX_NUMBER_CHARS || ![...upper].every((c) => NUMBER_SYMBOLS.includes(c)))
    return referenceDigitsOf(documentNumber);
  let value = 0n;
  for (const char of upper) value = value * NUMBER_BASE + BigInt(NUMBER_SYMBOLS.indexOf(char) + 1);
  return (NUMBER_OFFSET + value).toString();
}

/** The document number a QR reference of `referenceDigitsOfNumber` stands for; null for any other reference. */
export function documentNumberOfReference(reference: string): string | null {
  const compact = reference.replace(/\s+/g, '');
  if (!qrReferenceValid(compact)) return null;
  let value = BigInt(compact.slice(0, 26)) - NUMBER_OFFSET;
  if (value <= 0n) return null;
  let number = '';
  while (value > 0n) {
    let digit = value % NUMBER_BASE;
    if (digit === 0n) digit = NUMBER_BASE;
    value = (value - digit) / NUMBER_BASE;
    number = `${NUMBER_SYMBOLS[Number(digit) - 1] ?? ''}${number}`;
  }
  return number.length <= MAX_NUMBER_CHARS ? number : null;
}

/** Groups for print: a QR reference as 2 + blocks of 5, an IBAN or RF reference in blocks of 4. */
export function groupedQrReference(reference: string): string {
  return `${reference.slice(0, 2)} ${reference.slice(2).replace(/(.{5})(?=.)/g, '$1 ')}`;
}
export const groupedInFours = (value: string): string => value.replace(/(.{4})(?=.)/g, '$1 ');
