/**
 * Swiss enterprise identification number (UID, CHE-123.456.789) and its VAT form
 * (CHE-123.456.789 MWST / TVA / IVA). The ninth digit is a mod-11 check digit with the weights
 * 5 4 3 2 7 6 5 4; a remainder that would give 10 is never issued.
 */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4] as const;
const UID_PATTERN = /^CHE-?(\d{3})\.?(\d{3})\.?(\d{3})(?:\s*(MWST|TVA|IVA|VAT))?$/;

export interface SwissUid {
  /** CHE-123.456.789 */
  readonly uid: string;
  /** The VAT suffix when the number was given as a VAT number. */
  readonly vatSuffix: string | null;
}

export function swissUidCheckDigit(first8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(first8.charAt(i)) * (WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** The normalised UID, or null when the text is not a valid Swiss UID / VAT number. */
export function parseSwissUid(value: string): SwissUid | null {
  const match = UID_PATTERN.exec(value.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match) return null;
  const digits = `${match[1] ?? ''}${match[2] ?? ''}${match[3] ?? ''}`;
  if (swissUidCheckDigit(digits.slice(0, 8)) !== Number(digits.charAt(8))) return null;
  return { uid: `CHE-${match[1]}.${match[2]}.${match[3]}`, vatSuffix: match[4] ?? null };
}

export function formatSwissUid(parsed: SwissUid): string {
  return parsed.vatSuffix ? `${parsed.uid} ${parsed.vatSuffix}` : parsed.uid;
}
