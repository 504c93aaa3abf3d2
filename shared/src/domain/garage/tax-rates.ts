/**
 * Tax rates as dated reference data (DESIGN §3): each set applies from its date until the next
 * set of the same country. Rates are basis points (18 % = 1800). A line's rate must be one of the
 * rates in force on the date of the document it is printed on.
 *
 * India: GST slabs from 1 July 2017; the GST 2.0 reform of 22 September 2025 left 5 %, 18 % and
 * a 40 % rate (12 % and 28 % went). Switzerland: VAT from 1 January 2018 (7.7 / 2.5 / 3.7 %) and
 * from 1 January 2024 (8.1 / 2.6 / 3.8 %).
 */
export type TaxCountry = 'IN' | 'CH';

export interface TaxRate {
  readonly code: string;
  readonly label: string;
  readonly rateBp: number;
}

export interface TaxRateSet {
  readonly country: TaxCountry;
  /** First day (local date, YYYY-MM-DD) the set applies. */
  readonly effectiveFrom: string;
  readonly rates: readonly TaxRate[];
  /** The rate a workshop's labour and parts usually take, for new lines. */
  readonly defaultCode: string;
}

export const TAX_RATE_SETS: readonly TaxRateSet[] = [
  {
    country: 'IN',
    effectiveFrom: '2017-07-01',
    defaultCode: 'gst18',
    rates: [
      { code: 'gst0', label: 'GST 0%', rateBp: 0 },
      { code: 'gst5', label: 'GST 5%', rateBp: 500 },
      { code: 'gst12', label: 'GST 12%', rateBp: 1200 },
      { code: 'gst18', label: 'GST 18%', rateBp: 1800 },
      { code: 'gst28', label: 'GST 28%', rateBp: 2800 },
    ],
  },
  {
    country: 'IN',
    effectiveFrom: '2025-09-22',
    defaultCode: 'gst18',
    rates: [
      { code: 'gst0', label: 'GST 0%', rateBp: 0 },
      { code: 'gst5', label: 'GST 5%', rateBp: 500 },
      { code: 'gst18', label: 'GST 18%', rateBp: 1800 },
      { code: 'gst40', label: 'GST 40%', rateBp: 4000 },
    ],
  },
  {
    country: 'CH',
    effectiveFrom: '2018-01-01',
    defaultCode: 'standard',
    rates: [
      { code: 'exempt', label: 'MWST 0%', rateBp: 0 },
      { code: 'standard', label: 'MWST 7.7%', rateBp: 770 },
      { code: 'reduced', label: 'MWST 2.5%', rateBp: 250 },
      { code: 'accommodation', label: 'MWST 3.7%', rateBp: 370 },
    ],
  },
  {
    country: 'CH',
    effectiveFrom: '2024-01-01',
    defaultCode: 'standard',
    rates: [
      { code: 'exempt', label: 'MWST 0%', rateBp: 0 },
      { code: 'standard', label: 'MWST 8.1%', rateBp: 810 },
      { code: 'reduced', label: 'MWST 2.6%', rateBp: 260 },
      { code: 'accommodation', label: 'MWST 3.8%', rateBp: 380 },
    ],
  },
];

export function isTaxCountry(value: unknown): value is TaxCountry {
  return value === 'IN' || value === 'CH';
}

/** The set in force on a local date, or null before the first one. */
export function taxRatesOn(
  country: TaxCountry,
  localDate: string,
  sets: readonly TaxRateSet[] = TAX_RATE_SETS,
): TaxRateSet | null {
  let found: TaxRateSet | null = null;
  for (const set of sets) {
    if (set.country !== country || set.effectiveFrom > localDate) continue;
    if (!found || set.effectiveFrom > found.effectiveFrom) found = set;
  }
  return found;
}

export function isRateInForce(country: TaxCountry, localDate: string, rateBp: number): boolean {
  return taxRatesOn(country, localDate)?.rates.some((rate) => rate.rateBp === rateBp) ?? false;
}

export function defaultRateBp(country: TaxCountry, localDate: string): number {
  const set = taxRatesOn(country, localDate);
  return set?.rates.find((rate) => rate.code === set.defaultCode)?.rateBp ?? 0;
}

/** "18%", "8.1%": a basis-point rate as printed. */
export function formatRate(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}
