/**
 * Money in integer minor units (paise, Rappen). Every multiplication by a quantity or a rate goes
 * through mulDivRound, which works in BigInt so that no intermediate product leaves the range of
 * exact integers, and rounds half away from zero ("half-up" for the positive amounts of a bill).
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = { INR: 2, CHF: 2, EUR: 2, USD: 2 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** round(a × b ÷ divisor), half away from zero; exact for any safe integers. */
export function mulDivRound(a: number, b: number, divisor: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(divisor) || divisor <= 0) {
    throw new RangeError(`mulDivRound needs safe integers and a positive divisor (${a}, ${b}, ${divisor})`);
  }
  const product = BigInt(a) * BigInt(b);
  const d = BigInt(divisor);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  // Half away from zero: add half the divisor before the integer division (2× to stay exact for odd divisors).
  const rounded = (2n * magnitude + d) / (2n * d);
  const result = Number(negative ? -rounded : rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount out of range');
  return result;
}

/** Sum of minor-unit amounts that refuses to lose precision. */
export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  return total;
}

/** 123456 INR → "1,234.56" (Indian grouping for INR: 12,34,567.89), CHF → "1'234.56". */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  const grouped = currency === 'INR' ? groupIndian(whole) : groupEvery3(whole, currency === 'CHF' ? '\u2019' : ',');
  return `${negative ? '-' : ''}${grouped}${digits > 0 ? `.${fraction}` : ''}`;
}

export function formatMoney(minor: number, currency: string): string {
  const symbol = currency === 'INR' ? '\u20B9' : `${currency} `;
  return `${symbol}${formatAmount(minor, currency)}`;
}

function groupEvery3(whole: string, separator: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function groupIndian(whole: string): string {
  if (whole.length <= 3) return whole;
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}

/** Parses "1234.5" / "1,234.50" into minor units; null when it is not an amount. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[,\u2019'\s]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return null;
  const value = Number(`${match[1] ?? '0'}${fraction}`);
  return Number.isSafeInteger(value) ? value : null;
}
