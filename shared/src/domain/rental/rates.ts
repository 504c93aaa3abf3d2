import { DomainError } from '../../errors.ts';
import type { Row } from '../../schema/table-spec.ts';
import type { ClassRates, ExtraLine } from './pricing.ts';

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The rates of a rental: the class's, with the vehicle's own daily rate where it has one. */
export function classRates(rentalClass: Row, vehicle: Row | null): ClassRates {
  return {
    daily_minor: num(vehicle?.daily_minor) ?? Number(rentalClass.daily_minor),
    weekly_minor: num(rentalClass.weekly_minor),
    monthly_minor: num(rentalClass.monthly_minor),
    included_km_per_day: num(rentalClass.included_km_per_day),
    extra_km_minor: Number(rentalClass.extra_km_minor),
  };
}

/** The accessories asked for, by code, from the active ones; an unknown code is a clear error. */
export function extrasFrom(accessories: readonly Row[], codes: readonly string[]): ExtraLine[] {
  const byCode = new Map(
    accessories.filter((row) => !row.deleted_at && row.active).map((row) => [String(row.code), row]),
  );
  return [...new Set(codes)].map((code) => {
    const row = byCode.get(code);
    if (!row) throw new DomainError('invalid', `unknown extra ${code}`);
    return {
      code,
      name: String(row.name),
      pricePerDayMinor: Number(row.price_per_day_minor),
      maxPriceMinor: num(row.max_price_minor),
    };
  });
}
