/**
 * Phone numbers are stored E.164 (+919812345678), as the mutations require; the counter types
 * them the local way ("98123 45678", "079 123 45 67"). The country code comes from the tenant.
 */
const COUNTRY_CODES: Readonly<Record<string, { code: string; nationalDigits: number }>> = {
  IN: { code: '91', nationalDigits: 10 },
  CH: { code: '41', nationalDigits: 9 },
};

export function toE164(typed: string, country: string): string | null {
  const trimmed = typed.trim();
  if (trimmed === '') return null;
  const digits = trimmed.replace(/\D+/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (trimmed.startsWith('00')) return `+${digits.slice(2)}`;
  const rule = COUNTRY_CODES[country] ?? COUNTRY_CODES.IN;
  if (!rule) return `+${digits}`;
  const national = digits.replace(/^0+/, '');
  if (national.length === rule.nationalDigits) return `+${rule.code}${national}`;
  if (national.startsWith(rule.code) && national.length === rule.nationalDigits + rule.code.length)
    return `+${national}`;
  throw new RangeError(`Enter a ${rule.nationalDigits}-digit number, or the full number starting with +`);
}
