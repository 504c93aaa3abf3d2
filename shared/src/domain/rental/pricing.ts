import { DomainError } from '../../errors.ts';
import { mulDivRound } from '../garage/money.ts';
import { defaultRateBp, type TaxCountry } from '../garage/tax-rates.ts';

/**
 * Rental prices and charges in integer minor units (Rappen for CHF). Days are started 24-hour
 * periods from pickup, with a grace of GRACE_MINUTES before a new day counts. A rental of 7 days
 * or more uses the weekly rate per started week where it is cheaper; 30 days or more the monthly.
 * VAT comes from the dated reference data (CH standard 8.1 % since 2024); cash is rounded to
 * 0.05 CHF on the amount payable only, never on the lines.
 */
export const GRACE_MINUTES = 59;
const DAY_MS = 86_400_000;

export interface ClassRates {
  readonly daily_minor: number;
  readonly weekly_minor: number | null;
  readonly monthly_minor: number | null;
  readonly included_km_per_day: number | null;
  readonly extra_km_minor: number;
}

export function rentalDays(startsAt: string, endsAt: string): number {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new DomainError('invalid', 'the period has no valid dates');
  if (end <= start) throw new DomainError('invalid', 'the return must be after the pickup');
  const graced = Math.max(end - start - GRACE_MINUTES * 60_000, 1);
  return Math.max(1, Math.ceil(graced / DAY_MS));
}

/** The time charge for `days`: the cheapest of daily, weekly blocks + days, monthly blocks + the rest. */
export function timeCharge(rates: ClassRates, days: number): number {
  const daily = days * rates.daily_minor;
  const options = [daily];
  if (rates.weekly_minor !== null && days >= 7) {
    const weeks = Math.floor(days / 7);
    options.push(weeks * rates.weekly_minor + Math.min((days % 7) * rates.daily_minor, rates.weekly_minor));
  }
  if (rates.monthly_minor !== null && days >= 30) {
    const months = Math.floor(days / 30);
    const rest = days % 30;
    const restCost =
      rates.weekly_minor !== null ? timeCharge({ ...rates, monthly_minor: null }, rest || 1) : rest * rates.daily_minor;
    options.push(months * rates.monthly_minor + Math.min(rest === 0 ? 0 : restCost, rates.monthly_minor));
  }
  return Math.min(...options);
}

export interface ExtraLine {
  readonly code: string;
  readonly name: string;
  readonly pricePerDayMinor: number;
  readonly maxPriceMinor: number | null;
}

export function extraCharge(extra: ExtraLine, days: number): number {
  const total = extra.pricePerDayMinor * days;
  return extra.maxPriceMinor !== null ? Math.min(total, extra.maxPriceMinor) : total;
}

/** The price quoted for a booking: time plus extras, VAT included (Swiss prices are gross). */
export function quote(rates: ClassRates, startsAt: string, endsAt: string, extras: readonly ExtraLine[]): number {
  const days = rentalDays(startsAt, endsAt);
  return timeCharge(rates, days) + extras.reduce((sum, extra) => sum + extraCharge(extra, days), 0);
}

export interface ChargeLine {
  readonly code: string;
  readonly label: string;
  readonly amountMinor: number;
}

export interface ReturnFacts {
  readonly openedAt: string;
  readonly dueAt: string;
  readonly returnedAt: string;
  readonly kmOut: number;
  readonly kmIn: number;
  /** Fuel in eighths, or charge in percent for an EV. */
  readonly fuelOut: number;
  readonly fuelIn: number;
  readonly ev: boolean;
  readonly extras: readonly ExtraLine[];
  readonly damageChargesMinor: number;
}

/** Refuelling: per missing eighth of a tank; recharging: per missing 10 % of charge (rounded up). */
export const REFUEL_PER_EIGHTH_MINOR = 1_500;
export const RECHARGE_PER_TENTH_MINOR = 800;

/** The charges of a returned rental, line by line. Late return beyond the grace counts as days. */
export function returnCharges(rates: ClassRates, facts: ReturnFacts): ChargeLine[] {
  if (facts.kmIn < facts.kmOut)
    throw new DomainError('invalid', `km in (${facts.kmIn}) is below km out (${facts.kmOut})`);
  const bookedDays = rentalDays(facts.openedAt, facts.dueAt);
  const usedDays = rentalDays(facts.openedAt, facts.returnedAt > facts.dueAt ? facts.returnedAt : facts.dueAt);
  const lines: ChargeLine[] = [
    {
      code: 'time',
      label: `Rental ${bookedDays} day${bookedDays === 1 ? '' : 's'}`,
      amountMinor: timeCharge(rates, bookedDays),
    },
  ];
  if (usedDays > bookedDays) {
    const late = usedDays - bookedDays;
    lines.push({
      code: 'late',
      label: `Late return ${late} day${late === 1 ? '' : 's'}`,
      amountMinor: late * rates.daily_minor,
    });
  }
  for (const extra of facts.extras) {
    lines.push({ code: `extra:${extra.code}`, label: extra.name, amountMinor: extraCharge(extra, usedDays) });
  }
  const driven = facts.kmIn - facts.kmOut;
  if (rates.included_km_per_day !== null) {
    const over = driven - rates.included_km_per_day * usedDays;
    if (over > 0)
      lines.push({ code: 'extra_km', label: `${over} km over the included`, amountMinor: over * rates.extra_km_minor });
  }
  const missing = facts.fuelOut - facts.fuelIn;
  if (missing > 0) {
    lines.push(
      facts.ev
        ? {
            code: 'recharge',
            label: `Recharge ${missing} %`,
            amountMinor: Math.ceil(missing / 10) * RECHARGE_PER_TENTH_MINOR,
          }
        : { code: 'refuel', label: `Refuel ${missing}/8 tank`, amountMinor: missing * REFUEL_PER_EIGHTH_MINOR },
    );
  }
  if (facts.damageChargesMinor > 0) {
    lines.push({ code: 'damage', label: 'Damage', amountMinor: facts.damageChargesMinor });
  }
  return lines;
}

export interface Totals {
  readonly totalMinor: number;
  /** The VAT contained in the gross total. */
  readonly vatMinor: number;
  readonly vatRateBp: number;
  /** What is left to pay after the deposit already taken; cash rounded to 0.05 when `cash`. */
  readonly payableMinor: number;
  readonly roundingMinor: number;
}

/** Gross totals with the VAT they contain (Swiss prices include VAT), rounded for cash when asked. */
export function totals(
  lines: readonly ChargeLine[],
  country: TaxCountry,
  localDate: string,
  options: { cash: boolean; paidMinor: number },
): Totals {
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const vatRateBp = defaultRateBp(country, localDate);
  const vatMinor = mulDivRound(totalMinor, vatRateBp, 10_000 + vatRateBp);
  const due = totalMinor - options.paidMinor;
  const payableMinor = options.cash && country === 'CH' ? roundToFiveRappen(due) : due;
  return { totalMinor, vatMinor, vatRateBp, payableMinor, roundingMinor: payableMinor - due };
}

/** Swiss cash rounding: to the nearest 5 Rappen, halves away from zero. */
export function roundToFiveRappen(minor: number): number {
  const sign = minor < 0 ? -1 : 1;
  return sign * Math.round(Math.abs(minor) / 5) * 5;
}
