import type { Row } from '@forecourt/shared/schema/tables';
import { moneyInputValue, parseMoney, text } from '../../lib/format.ts';

/**
 * A job line as typed in the form, and its conversion to the input of `jobLine.add` and
 * `jobLine.update` (shared/src/domain/garage/line-rules.ts). Quantities are thousandths
 * (1.5 h = 1500), money minor units; both are parsed with string arithmetic, never a float.
 * The domain checks everything again (rates in force, discount within the line).
 */
export type LineKind = 'labour' | 'part';
export type LinePricing = 'hourly' | 'flat' | 'unit';

export interface LineDraft {
  kind: LineKind;
  pricing: LinePricing;
  description: string;
  partNumber: string;
  hsnSac: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxRateBp: string;
  technicianId: string;
}

export function emptyLineDraft(kind: LineKind, taxRateBp: number): LineDraft {
  return {
    kind,
    pricing: kind === 'labour' ? 'hourly' : 'unit',
    description: '',
    partNumber: '',
    hsnSac: '',
    quantity: '1',
    unitPrice: '',
    discount: '',
    taxRateBp: String(taxRateBp),
    technicianId: '',
  };
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function draftOfLine(line: Row, currency: string): LineDraft {
  const kind: LineKind = line.kind === 'part' ? 'part' : 'labour';
  const pricing: LinePricing = line.pricing === 'flat' ? 'flat' : line.pricing === 'unit' ? 'unit' : 'hourly';
  const discount = num(line.discount_minor);
  return {
    kind,
    pricing,
    description: text(line.description),
    partNumber: text(line.part_number),
    hsnSac: text(line.hsn_sac),
    quantity: quantityText(num(line.quantity_milli)),
    unitPrice: moneyInputValue(num(line.unit_price_minor), currency),
    discount: discount ? moneyInputValue(discount, currency) : '',
    taxRateBp: String(num(line.tax_rate_bp)),
    technicianId: text(line.technician_id),
  };
}

/** "1.5" → 1500, "2" → 2000, "0.25" → 250; throws RangeError with a message for the person typing. */
export function parseQuantity(input: string): number {
  const cleaned = input.replace(/[\s,']/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) throw new RangeError('Enter a quantity like 1, 2 or 1.5');
  const fraction = match[2] ?? '';
  if (fraction.length > 3) throw new RangeError('At most 3 digits after the point in a quantity');
  const milli = Number(match[1]) * 1000 + Number(fraction.padEnd(3, '0') || '0');
  if (milli <= 0) throw new RangeError('The quantity must be more than 0');
  if (milli > 1_000_000_000) throw new RangeError('That quantity is too large');
  return milli;
}

/** 1500 → "1.5", 2000 → "2". */
export function quantityText(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function requiredMoney(input: string, currency: string, what: string): number {
  const minor = parseMoney(input, currency);
  if (minor === null) throw new RangeError(`Enter the ${what}`);
  return minor;
}

/** The fields both mutations share, from the draft; `technicianName` is the picked user's name. */
function commonFields(draft: LineDraft, currency: string, technicianName: string | null) {
  const description = draft.description.trim();
  if (!description) throw new RangeError('Describe the line');
  const hsnSac = draft.hsnSac.trim();
  if (hsnSac && !/^[0-9]{4,8}$/.test(hsnSac)) throw new RangeError('HSN/SAC is 4 to 8 digits');
  return {
    description,
    partNumber: draft.kind === 'part' ? draft.partNumber.trim() || null : null,
    hsnSac: hsnSac || null,
    quantityMilli: draft.pricing === 'flat' ? 1000 : parseQuantity(draft.quantity),
    unitPriceMinor: requiredMoney(draft.unitPrice, currency, draft.pricing === 'hourly' ? 'rate per hour' : 'price'),
    discountMinor: parseMoney(draft.discount, currency) ?? 0,
    taxRateBp: Number(draft.taxRateBp),
    technicianId: draft.kind === 'labour' ? draft.technicianId || null : null,
    technicianName: draft.kind === 'labour' ? technicianName : null,
  };
}

/** Input of `jobLine.add` (without jobId). */
export function lineAddInput(draft: LineDraft, currency: string, technicianName: string | null) {
  return { kind: draft.kind, pricing: draft.pricing, ...commonFields(draft, currency, technicianName) };
}

/**
 * Input of `jobLine.update` (without jobId and lineId): only the fields that changed, so that two
 * counters changing different fields of one line both win. Kind and pricing cannot change.
 */
export function lineUpdateInput(
  before: LineDraft,
  after: LineDraft,
  currency: string,
  technicianName: string | null,
): Record<string, unknown> {
  const was = commonFields(before, currency, technicianName);
  const now = commonFields(after, currency, technicianName);
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    if (key === 'technicianName') continue;
    if (was[key as keyof typeof was] !== value) changed[key] = value; // keys of `now` are keys of `was`: same function
  }
  if ('technicianId' in changed) changed.technicianName = now.technicianName;
  return changed;
}
