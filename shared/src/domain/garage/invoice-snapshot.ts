import Type, { type Static } from 'typebox';
import { DomainError } from '../../errors.ts';
import type { Row } from '../../schema/table-spec.ts';
import { GST_STATES, gstinStateCode } from './gstin.ts';
import { int, text } from './rows.ts';
import { documentTotals, type DocumentTotals, type TaxRegime } from './tax.ts';
import type { TaxCountry } from './tax-rates.ts';

/**
 * What an invoice prints, frozen at finalisation (the invoices row's JSON columns). The document
 * renderer validates these shapes when it reads them back, so a row from an older or newer
 * version fails loudly instead of printing half an invoice.
 */
const Str = Type.Union([Type.String(), Type.Null()]);

export const PartySnapshot = Type.Object({
  name: Type.String(),
  legalName: Str,
  address: Str,
  phone: Str,
  email: Str,
  taxId: Str,
  stateCode: Str,
  stateName: Str,
  country: Type.String(),
});
export type PartySnapshot = Static<typeof PartySnapshot>;

export const RecipientSnapshot = Type.Object({
  ...PartySnapshot.properties,
  vehicle: Type.Union([
    Type.Object({
      registration: Type.String(),
      make: Str,
      model: Str,
      vin: Str,
      odometer: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  jobNumber: Type.String(),
});
export type RecipientSnapshot = Static<typeof RecipientSnapshot>;

const Tax = Type.Object({
  component: Type.Enum(['CGST', 'SGST', 'IGST', 'VAT']),
  rateBp: Type.Number(),
  amountMinor: Type.Integer(),
});

export const LineSnapshot = Type.Object({
  position: Type.Integer(),
  kind: Type.String(),
  description: Type.String(),
  partNumber: Str,
  hsnSac: Str,
  quantityMilli: Type.Integer(),
  unitPriceMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  taxRateBp: Type.Integer(),
  grossMinor: Type.Integer(),
  taxableMinor: Type.Integer(),
  taxes: Type.Array(Tax),
  totalMinor: Type.Integer(),
});
export type LineSnapshot = Static<typeof LineSnapshot>;

export const TaxLineSnapshot = Type.Object({
  component: Type.Enum(['CGST', 'SGST', 'IGST', 'VAT']),
  rateBp: Type.Number(),
  taxableMinor: Type.Integer(),
  amountMinor: Type.Integer(),
});
export const InvoiceLines = Type.Array(LineSnapshot);
export const InvoiceTaxLines = Type.Array(TaxLineSnapshot);

function stateName(code: string | null): string | null {
  return code ? (GST_STATES[code] ?? null) : null;
}

export function supplierSnapshot(site: Row, profile: Row | null, country: TaxCountry): PartySnapshot {
  const taxId = text(site.tax_id);
  const stateCode = text(profile?.state_code) ?? (country === 'IN' && taxId ? gstinStateCode(taxId) : null);
  return {
    name: text(site.name) ?? '',
    legalName: text(profile?.legal_name),
    address: text(site.address),
    phone: text(site.phone),
    email: text(profile?.email),
    taxId,
    stateCode,
    stateName: stateName(stateCode),
    country,
  };
}

export function recipientSnapshot(
  customer: Row,
  vehicle: Row | null,
  job: Row,
  country: TaxCountry,
): RecipientSnapshot {
  const taxId = text(customer.tax_id);
  const stateCode = country === 'IN' ? (taxId ? gstinStateCode(taxId) : text(customer.state_code)) : null;
  return {
    name: text(customer.name) ?? '',
    legalName: null,
    address: text(customer.address),
    phone: text(customer.phone),
    email: text(customer.email),
    taxId,
    stateCode,
    stateName: stateName(stateCode),
    country,
    vehicle: vehicle
      ? {
          registration: text(vehicle.registration) ?? '',
          make: text(vehicle.make),
          model: text(vehicle.model),
          vin: text(vehicle.vin),
          odometer: int(job.odometer_in),
        }
      : null,
    jobNumber: text(job.number) ?? '',
  };
}

/**
 * India, place of supply for a repair: the registered recipient's state (from the GSTIN), else
 * the customer's state on record, else where the workshop is. CGST + SGST when it is the
 * supplier's state, IGST otherwise. Switzerland has one VAT.
 */
export function taxRegimeFor(
  country: TaxCountry,
  supplier: PartySnapshot,
  recipient: PartySnapshot,
): { regime: TaxRegime; placeOfSupply: string | null } {
  if (country === 'CH') return { regime: { country, intraState: true }, placeOfSupply: null };
  if (!supplier.stateCode) throw new DomainError('invalid', "set the workshop's GSTIN or state before invoicing");
  const pos = recipient.stateCode ?? supplier.stateCode;
  return { regime: { country, intraState: pos === supplier.stateCode }, placeOfSupply: pos };
}

export function lineSnapshots(
  lines: readonly Row[],
  regime: TaxRegime,
): { snapshots: LineSnapshot[]; totals: DocumentTotals } {
  const ordered = [...lines].sort(
    (a, b) => (int(a.position) ?? 0) - (int(b.position) ?? 0) || String(a.id).localeCompare(String(b.id)),
  );
  const inputs = ordered.map((line) => ({
    quantityMilli: int(line.quantity_milli) ?? 0,
    unitPriceMinor: int(line.unit_price_minor) ?? 0,
    discountMinor: int(line.discount_minor) ?? 0,
    taxRateBp: int(line.tax_rate_bp) ?? 0,
  }));
  const totals = documentTotals(inputs, regime);
  const snapshots = ordered.map((line, index) => {
    const amounts = totals.lines[index];
    const input = inputs[index];
    if (!amounts || !input) throw new Error('line amounts out of step with lines');
    return {
      position: index + 1,
      kind: text(line.kind) ?? 'part',
      description: text(line.description) ?? '',
      partNumber: text(line.part_number),
      hsnSac: text(line.hsn_sac),
      ...input,
      grossMinor: amounts.grossMinor,
      taxableMinor: amounts.taxableMinor,
      taxes: [...amounts.taxes],
      totalMinor: amounts.totalMinor,
    };
  });
  return { snapshots, totals };
}
