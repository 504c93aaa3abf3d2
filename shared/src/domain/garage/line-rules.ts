import Type, { type Static } from 'typebox';
import { DomainError } from '../../errors.ts';
import { OptionalText } from '../common.ts';
import { formatMoney } from './money.ts';
import { lineGross } from './tax.ts';
import { defaultRateBp, formatRate, isRateInForce, type TaxCountry } from './tax-rates.ts';

/**
 * The fields of a job line as the UI and canned jobs give them, and the rules every line obeys
 * whichever mutation writes it. Labour is hours × rate (quantity = hours in thousandths) or flat
 * (quantity 1); parts are quantity × unit price.
 */
export const LineFields = {
  kind: Type.Enum(['labour', 'part']),
  pricing: Type.Optional(Type.Enum(['hourly', 'flat', 'unit'])),
  description: Type.String({ minLength: 1, maxLength: 300 }),
  partNumber: OptionalText(60),
  hsnSac: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{4,8}$' }), Type.Null()])),
  quantityMilli: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  unitPriceMinor: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
  discountMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_000 })),
  taxRateBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  technicianId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  technicianName: OptionalText(120),
};
export const LineInputSchema = Type.Object(LineFields, { additionalProperties: false });
export type LineFieldsInput = Static<typeof LineInputSchema>;

/** SAC heading 9987: maintenance, repair and installation services — a workshop's labour. */
export const INDIA_LABOUR_SAC = '9987';

export interface LineContext {
  readonly country: TaxCountry;
  readonly localDate: string;
  readonly currency: string;
}

/** The columns of a job_lines row from line fields, checked: pricing, quantity, discount, rate. */
export function lineColumns(input: LineFieldsInput, lc: LineContext): Record<string, unknown> {
  const pricing = input.pricing ?? (input.kind === 'labour' ? 'hourly' : 'unit');
  if (input.kind === 'labour' && pricing === 'unit')
    throw new DomainError('invalid', 'labour is priced hourly or flat');
  if (input.kind === 'part' && pricing !== 'unit') throw new DomainError('invalid', 'parts are priced per unit');
  const quantityMilli = pricing === 'flat' ? 1000 : (input.quantityMilli ?? 1000);
  const discountMinor = input.discountMinor ?? 0;
  const gross = lineGross(quantityMilli, input.unitPriceMinor);
  if (discountMinor > gross) {
    throw new DomainError(
      'invalid',
      `the discount ${formatMoney(discountMinor, lc.currency)} is more than the line's ${formatMoney(gross, lc.currency)}`,
    );
  }
  const taxRateBp = input.taxRateBp ?? defaultRateBp(lc.country, lc.localDate);
  requireRateInForce(lc, taxRateBp, input.description);
  const defaultSac = input.kind === 'labour' && lc.country === 'IN' ? INDIA_LABOUR_SAC : null;
  return {
    kind: input.kind,
    pricing,
    description: input.description.trim(),
    part_number: input.partNumber?.trim() || null,
    hsn_sac: input.hsnSac ?? defaultSac,
    quantity_milli: quantityMilli,
    unit_price_minor: input.unitPriceMinor,
    discount_minor: discountMinor,
    tax_rate_bp: taxRateBp,
    technician_id: input.technicianId ?? null,
    technician_name: input.technicianName?.trim() || null,
  };
}

export function requireRateInForce(lc: Pick<LineContext, 'country' | 'localDate'>, rateBp: number, what: string): void {
  if (!isRateInForce(lc.country, lc.localDate, rateBp)) {
    throw new DomainError(
      'invalid',
      `${formatRate(rateBp)} is not a ${lc.country} tax rate in force on ${lc.localDate} (line "${what}")`,
    );
  }
}

/** Back from a stored row to line fields, so an update can change some and re-check all. */
export function lineFieldsOf(row: Record<string, unknown>): LineFieldsInput {
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  return {
    kind: row.kind === 'part' ? 'part' : 'labour',
    pricing: row.pricing === 'flat' ? 'flat' : row.pricing === 'unit' ? 'unit' : 'hourly',
    description: str(row.description) ?? '',
    partNumber: str(row.part_number),
    hsnSac: str(row.hsn_sac),
    quantityMilli: num(row.quantity_milli),
    unitPriceMinor: num(row.unit_price_minor),
    discountMinor: num(row.discount_minor),
    taxRateBp: num(row.tax_rate_bp),
    technicianId: str(row.technician_id),
    technicianName: str(row.technician_name),
  };
}
