import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, mulDivRound, parseAmount } from './money.ts';
import { documentTotals, lineAmounts } from './tax.ts';
import { defaultRateBp, formatRate, isRateInForce, taxRatesOn } from './tax-rates.ts';

const IN_INTRA = { country: 'IN', intraState: true } as const;
const IN_INTER = { country: 'IN', intraState: false } as const;
const CH = { country: 'CH', intraState: true } as const;

describe('rounding: half away from zero, once per line', () => {
  it('rounds halves up and exact values stay', () => {
    expect(mulDivRound(1, 1, 2)).toBe(1);
    expect(mulDivRound(3, 1, 2)).toBe(2);
    expect(mulDivRound(-3, 1, 2)).toBe(-2);
    expect(mulDivRound(1249, 1, 10)).toBe(125);
    expect(mulDivRound(1244, 1, 10)).toBe(124);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    expect(mulDivRound(90_000_000_000, 4000, 10_000)).toBe(36_000_000_000);
    expect(mulDivRound(9_007_199_254_740, 999_999, 1_000_000)).toBe(9_007_190_247_541);
  });

  it('rounds hours × rate: 1.25 h at ₹333.33 is ₹416.66 (416.6625)', () => {
    expect(
      lineAmounts({ quantityMilli: 1250, unitPriceMinor: 33_333, discountMinor: 0, taxRateBp: 1800 }, IN_INTRA)
        .grossMinor,
    ).toBe(41_666);
  });
});

describe('India: CGST + SGST within the state, IGST between states', () => {
  const line = { quantityMilli: 1000, unitPriceMinor: 10_001, discountMinor: 0, taxRateBp: 1800 };

  it('splits 18 % into 9 % + 9 %, each rounded on its own so the halves always match', () => {
    const amounts = lineAmounts(line, IN_INTRA);
    // 100.01 × 9 % = 9.0009 → 9.00 each
    expect(amounts.taxes).toEqual([
      { component: 'CGST', rateBp: 900, amountMinor: 900 },
      { component: 'SGST', rateBp: 900, amountMinor: 900 },
    ]);
    expect(amounts.totalMinor).toBe(10_001 + 1800);
  });

  it('charges IGST at the full rate between states', () => {
    const amounts = lineAmounts(line, IN_INTER);
    // 100.01 × 18 % = 18.0018 → 18.00
    expect(amounts.taxes).toEqual([{ component: 'IGST', rateBp: 1800, amountMinor: 1800 }]);
  });

  it('rounds a half paisa up per line: 5 % of ₹0.50 split into 2.5 % halves', () => {
    const amounts = lineAmounts(
      { quantityMilli: 1000, unitPriceMinor: 50, discountMinor: 0, taxRateBp: 500 },
      IN_INTRA,
    );
    // 0.50 × 2.5 % = 0.0125 → 0.01 each; as IGST 0.50 × 5 % = 0.025 → 0.03
    expect(amounts.taxes.map((tax) => tax.amountMinor)).toEqual([1, 1]);
    expect(
      lineAmounts({ quantityMilli: 1000, unitPriceMinor: 50, discountMinor: 0, taxRateBp: 500 }, IN_INTER).taxMinor,
    ).toBe(3);
  });

  it('applies the discount before tax', () => {
    const amounts = lineAmounts(
      { quantityMilli: 2000, unitPriceMinor: 45_000, discountMinor: 10_000, taxRateBp: 1800 },
      IN_INTRA,
    );
    expect(amounts.grossMinor).toBe(90_000);
    expect(amounts.taxableMinor).toBe(80_000);
    expect(amounts.taxMinor).toBe(14_400);
  });

  it('totals by rate as the sums of the rounded lines', () => {
    const totals = documentTotals(
      [
        { quantityMilli: 1500, unitPriceMinor: 60_000, discountMinor: 0, taxRateBp: 1800 },
        { quantityMilli: 4000, unitPriceMinor: 42_500, discountMinor: 0, taxRateBp: 1800 },
        { quantityMilli: 1000, unitPriceMinor: 120_000, discountMinor: 0, taxRateBp: 500 },
      ],
      IN_INTRA,
    );
    expect(totals.taxLines).toEqual([
      { component: 'CGST', rateBp: 250, taxableMinor: 120_000, amountMinor: 3000 },
      { component: 'SGST', rateBp: 250, taxableMinor: 120_000, amountMinor: 3000 },
      { component: 'CGST', rateBp: 900, taxableMinor: 260_000, amountMinor: 23_400 },
      { component: 'SGST', rateBp: 900, taxableMinor: 260_000, amountMinor: 23_400 },
    ]);
    expect(totals.taxableMinor).toBe(380_000);
    expect(totals.taxMinor).toBe(52_800);
    expect(totals.totalMinor).toBe(432_800);
  });
});

describe('Switzerland: VAT 8.1 / 2.6 / 3.8 %', () => {
  it('computes VAT per line, half-up to the Rappen', () => {
    // CHF 123.45 × 8.1 % = 9.99945 → 10.00
    expect(
      lineAmounts({ quantityMilli: 1000, unitPriceMinor: 12_345, discountMinor: 0, taxRateBp: 810 }, CH).taxes,
    ).toEqual([{ component: 'VAT', rateBp: 810, amountMinor: 1000 }]);
  });

  it('groups VAT lines by rate', () => {
    const totals = documentTotals(
      [
        { quantityMilli: 1000, unitPriceMinor: 10_000, discountMinor: 0, taxRateBp: 810 },
        { quantityMilli: 1000, unitPriceMinor: 10_000, discountMinor: 0, taxRateBp: 260 },
      ],
      CH,
    );
    expect(totals.taxLines.map((line) => [line.rateBp, line.amountMinor])).toEqual([
      [260, 260],
      [810, 810],
    ]);
  });
});

describe('dated tax rates', () => {
  it('picks the set in force on the date', () => {
    expect(taxRatesOn('CH', '2023-12-31')?.rates.find((rate) => rate.code === 'standard')?.rateBp).toBe(770);
    expect(taxRatesOn('CH', '2024-01-01')?.rates.find((rate) => rate.code === 'standard')?.rateBp).toBe(810);
    expect(taxRatesOn('IN', '2017-06-30')).toBeNull();
  });

  it('knows when the Indian 28 % slab ended (GST 2.0, 22 September 2025)', () => {
    expect(isRateInForce('IN', '2025-09-21', 2800)).toBe(true);
    expect(isRateInForce('IN', '2025-09-22', 2800)).toBe(false);
    expect(isRateInForce('IN', '2025-09-22', 4000)).toBe(true);
    expect(defaultRateBp('IN', '2026-11-22')).toBe(1800);
    expect(defaultRateBp('CH', '2026-11-22')).toBe(810);
  });

  it('prints rates and amounts', () => {
    expect(formatRate(810)).toBe('8.1%');
    expect(formatRate(900)).toBe('9%');
    expect(formatRate(250)).toBe('2.5%');
    expect(formatAmount(123_456_789, 'INR')).toBe('12,34,567.89');
    expect(formatAmount(123_456_789, 'CHF')).toBe('1\u2019234\u2019567.89');
    expect(formatMoney(5, 'INR')).toBe('\u20B90.05');
    expect(parseAmount('1,234.5', 'INR')).toBe(123_450);
    expect(parseAmount('12.345', 'INR')).toBeNull();
  });
});
