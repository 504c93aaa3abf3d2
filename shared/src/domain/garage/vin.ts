/**
 * Vehicle identification numbers. Many vehicles sold in India carry a 17-character VIN without a
 * valid North-American check digit (position 9), and older ones a shorter chassis number, so a
 * failed check is a warning shown to the user, never a reason to refuse the job card.
 */
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

export function normaliseVin(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase();
}

export function vinCheckCharacter(vin: string): string | null {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const char = vin.charAt(i);
    const value = /[0-9]/.test(char) ? Number(char) : (TRANSLITERATION[char] ?? 0);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** Null when the VIN passes every check, else a warning for the user. */
export function vinWarning(value: string): string | null {
  const vin = normaliseVin(value);
  if (vin.length !== 17) return `VIN ${vin} has ${vin.length} characters, not 17 (an older chassis number?)`;
  if (/[IOQ]/.test(vin)) return `VIN ${vin} contains I, O or Q, which VINs never use`;
  const expected = vinCheckCharacter(vin);
  if (expected === null) return `VIN ${vin} contains characters VINs never use`;
  if (vin.charAt(8) !== expected) return `VIN ${vin}: check digit is ${vin.charAt(8)}, expected ${expected}`;
  return null;
}
