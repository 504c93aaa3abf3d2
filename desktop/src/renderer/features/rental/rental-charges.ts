import type { Row } from '@forecourt/shared/schema/tables';
import {
  extraCharge,
  quote,
  rentalDays,
  returnCharges,
  timeCharge,
  totals,
  type ChargeLine as DomainChargeLine,
  type ClassRates,
  type ExtraLine,
} from '@forecourt/shared/domain/rental/pricing';
import { classRates, extrasFrom } from '@forecourt/shared/domain/rental/rates';
import { formatRate, isTaxCountry } from '@forecourt/shared/domain/garage/tax-rates';
import type { ChargeLine } from './components/ChargesTable.tsx';

/**
 * What the screens show before a mutation runs — the quote of a reservation, the charges of a
 * return, the invoice figures of a returned contract — computed with the same shared functions
 * the mutations use, so the preview and the stored figures cannot disagree.
 */
export interface Figures {
  readonly lines: readonly ChargeLine[];
  readonly totalMinor: number;
}

const asLines = (lines: readonly DomainChargeLine[]): ChargeLine[] =>
  lines.map((line) => ({ label: line.label, amountMinor: line.amountMinor }));

/** The quote for a period: time (the cheapest of day, week and month rates) and extras. */
export function quoteOf(input: {
  rentalClass: Row;
  vehicle: Row | null;
  accessories: readonly Row[];
  extras: readonly string[];
  startsAt: string;
  endsAt: string;
}): Figures | null {
  try {
    const rates = classRates(input.rentalClass, input.vehicle);
    const extras = extrasFrom(input.accessories, input.extras);
    const days = rentalDays(input.startsAt, input.endsAt);
    const lines: ChargeLine[] = [
      { label: `Rental ${days} day${days === 1 ? '' : 's'}`, amountMinor: timeCharge(rates, days) },
      ...extras.map((extra) => ({ label: extra.name, amountMinor: extraCharge(extra, days) })),
    ];
    return { lines, totalMinor: quote(rates, input.startsAt, input.endsAt, extras) };
  } catch {
    return null; // an unfinished form (no period yet, an extra that went inactive): no quote to show
  }
}

/** The charges if the car came back now with these readings; null until they are typed. */
export function previewReturnCharges(input: {
  contract: Row;
  kmIn: number | null;
  fuelIn: number | null;
  damageChargesMinor: number;
  returnedAt: string;
}): Figures | null {
  const { contract } = input;
  if (input.kmIn === null || input.fuelIn === null || input.kmIn < Number(contract.km_out)) return null;
  const lines = returnCharges(contract.rates as unknown as ClassRates, {
    // the contract keeps its rates and accessories as the domain wrote them (json columns)
    openedAt: String(contract.opened_at),
    dueAt: String(contract.due_at),
    returnedAt: input.returnedAt,
    kmOut: Number(contract.km_out),
    kmIn: input.kmIn,
    fuelOut: Number(contract.fuel_out),
    fuelIn: input.fuelIn,
    ev: Number(contract.fuel_out) > 8 || input.fuelIn > 8,
    extras: (Array.isArray(contract.accessories) ? contract.accessories : []) as ExtraLine[], // as above
    damageChargesMinor: input.damageChargesMinor,
  });
  return { lines: asLines(lines), totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0) };
}

export interface InvoiceFigures extends Figures {
  readonly final: boolean;
  readonly vatLabel: string;
  readonly vatMinor: number;
  readonly payableMinor: number;
  readonly roundingMinor: number;
}

/**
 * A contract's invoice: the stored figures once it is closed; for a returned contract the same
 * computation the close will run (cash or not, deposit and payments set off) as a preview.
 */
export function invoiceOf(
  contract: Row,
  country: string,
  paidMinor: number,
  cash: boolean,
  today: string,
): InvoiceFigures | null {
  const charges = Array.isArray(contract.charges) ? (contract.charges as DomainChargeLine[]) : null; // json column written by rental.contractReturn
  if (!charges) return null;
  const taxCountry = isTaxCountry(country) ? country : 'CH';
  const figures = totals(charges, taxCountry, today, { cash, paidMinor });
  const closed = contract.status === 'closed' && typeof contract.total_minor === 'number';
  return {
    lines: asLines(charges),
    final: closed,
    vatLabel: `of which ${taxCountry === 'IN' ? 'GST' : 'VAT'} ${formatRate(figures.vatRateBp)}`,
    totalMinor: closed ? Number(contract.total_minor) : figures.totalMinor,
    vatMinor: closed ? Number(contract.vat_minor) : figures.vatMinor,
    payableMinor: closed ? Number(contract.payable_minor) : figures.payableMinor,
    roundingMinor: figures.roundingMinor,
  };
}
