import { mulDivRound, sumMinor } from './money.ts';
import type { TaxCountry } from './tax-rates.ts';

/**
 * Line amounts and tax, in integer minor units. Rounding rule (tested): every amount is rounded
 * once per line, half away from zero, to the minor unit:
 *   gross   = round(quantity_milli × unit_price ÷ 1000)
 *   taxable = gross − discount
 *   India within a state:  CGST = SGST = round(taxable × rate/2)   (so both halves always match)
 *   India between states:  IGST = round(taxable × rate)
 *   Switzerland:           VAT  = round(taxable × rate)
 * Totals per rate are sums of the rounded line amounts, so the printed lines always add up.
 */
export interface LineInput {
  readonly quantityMilli: number;
  readonly unitPriceMinor: number;
  readonly discountMinor: number;
  readonly taxRateBp: number;
}

export type TaxComponent = 'CGST' | 'SGST' | 'IGST' | 'VAT';

export interface LineTax {
  readonly component: TaxComponent;
  readonly rateBp: number;
  readonly amountMinor: number;
}

export interface LineAmounts {
  readonly grossMinor: number;
  readonly discountMinor: number;
  readonly taxableMinor: number;
  readonly taxes: readonly LineTax[];
  readonly taxMinor: number;
  readonly totalMinor: number;
}

/** Which taxes apply: India splits by whether supplier and place of supply share a state. */
export interface TaxRegime {
  readonly country: TaxCountry;
  /** India: true when the place of supply is in the supplier's state (CGST + SGST). */
  readonly intraState: boolean;
}

export function lineGross(quantityMilli: number, unitPriceMinor: number): number {
  return mulDivRound(quantityMilli, unitPriceMinor, 1000);
}

export function lineAmounts(line: LineInput, regime: TaxRegime): LineAmounts {
  const grossMinor = lineGross(line.quantityMilli, line.unitPriceMinor);
  const taxableMinor = grossMinor - line.discountMinor;
  const taxes = lineTaxes(taxableMinor, line.taxRateBp, regime);
  const taxMinor = sumMinor(taxes.map((tax) => tax.amountMinor));
  return {
    grossMinor,
    discountMinor: line.discountMinor,
    taxableMinor,
    taxes,
    taxMinor,
    totalMinor: taxableMinor + taxMinor,
  };
}

function lineTaxes(taxableMinor: number, rateBp: number, regime: TaxRegime): LineTax[] {
  if (regime.country === 'CH')
    return [{ component: 'VAT', rateBp, amountMinor: mulDivRound(taxableMinor, rateBp, 10_000) }];
  if (!regime.intraState)
    return [{ component: 'IGST', rateBp, amountMinor: mulDivRound(taxableMinor, rateBp, 10_000) }];
  // Half the rate each, computed on twice the divisor so an odd rate (e.g. 5 % → 2.5 %) stays exact.
  const half = mulDivRound(taxableMinor, rateBp, 20_000);
  return [
    { component: 'CGST', rateBp: rateBp / 2, amountMinor: half },
    { component: 'SGST', rateBp: rateBp / 2, amountMinor: half },
  ];
}

export interface TaxLine {
  readonly component: TaxComponent;
  /** The component's own rate (CGST 9 % of an 18 % line is 900). */
  readonly rateBp: number;
  readonly taxableMinor: number;
  readonly amountMinor: number;
}

export interface DocumentTotals {
  readonly lines: readonly LineAmounts[];
  /** One entry per component and rate, ordered by rate then component. */
  readonly taxLines: readonly TaxLine[];
  readonly taxableMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
}

const COMPONENT_ORDER: Readonly<Record<TaxComponent, number>> = { CGST: 0, SGST: 1, IGST: 2, VAT: 3 };

export function documentTotals(lines: readonly LineInput[], regime: TaxRegime): DocumentTotals {
  const amounts = lines.map((line) => lineAmounts(line, regime));
  const byKey = new Map<
    string,
    { component: TaxComponent; rateBp: number; taxableMinor: number; amountMinor: number }
  >();
  for (const line of amounts) {
    for (const tax of line.taxes) {
      const key = `${tax.component}:${tax.rateBp}`;
      const entry = byKey.get(key) ?? { component: tax.component, rateBp: tax.rateBp, taxableMinor: 0, amountMinor: 0 };
      entry.taxableMinor += line.taxableMinor;
      entry.amountMinor += tax.amountMinor;
      byKey.set(key, entry);
    }
  }
  const taxLines = [...byKey.values()].sort(
    (a, b) => a.rateBp - b.rateBp || COMPONENT_ORDER[a.component] - COMPONENT_ORDER[b.component],
  );
  const taxableMinor = sumMinor(amounts.map((line) => line.taxableMinor));
  const taxMinor = sumMinor(amounts.map((line) => line.taxMinor));
  return { lines: amounts, taxLines, taxableMinor, taxMinor, totalMinor: taxableMinor + taxMinor };
}
