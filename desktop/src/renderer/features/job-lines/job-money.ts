import {
  documentTotals,
  invoicedNetMinor,
  isTaxCountry,
  jobBalance,
  jobValueMinor,
  recipientSnapshot,
  supplierSnapshot,
  taxRegimeFor,
  type JobBalance,
  type LineAmounts,
  type TaxCountry,
  type TaxRegime,
} from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';

/**
 * A job's money as the job screen shows it, from replica rows and the shared garage rules only
 * (the same functions the invoice and the core's job sheet use, so the screen, the job card and
 * the printed invoice agree to the paisa). Before finalisation the totals are the draft's; once
 * invoiced they are the invoice's frozen snapshot.
 */
export interface JobMoneyRows {
  readonly job: Row;
  readonly lines: readonly Row[];
  readonly payments: readonly Row[];
  readonly invoices: readonly Row[];
  readonly tenant: Row | null;
  readonly site: Row | null;
  readonly profile: Row | null;
  readonly customer: Row | null;
}

export interface TaxTotalLine {
  readonly component: string;
  readonly rateBp: number;
  readonly taxableMinor: number;
  readonly amountMinor: number;
}

export interface MoneyTotals {
  readonly taxLines: readonly TaxTotalLine[];
  readonly taxableMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
}

export interface JobMoney {
  readonly country: TaxCountry;
  readonly currency: string;
  readonly regime: TaxRegime;
  /** Why the draft's regime is a guess (India without the workshop's GSTIN), or null. */
  readonly regimeNote: string | null;
  readonly lines: ReadonlyArray<{ readonly row: Row; readonly amounts: LineAmounts }>;
  /** The draft's totals, or the invoice's once there is one in force. */
  readonly totals: MoneyTotals;
  readonly payments: readonly Row[];
  readonly balance: JobBalance;
  readonly invoices: readonly Row[];
  readonly activeInvoice: Row | null;
  /** Whether the workshop has the tax id an invoice needs (GSTIN, UID). */
  readonly supplierHasTaxId: boolean;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const live = (rows: readonly Row[]) => rows.filter((row) => !row.deleted_at);

export function activeInvoiceOf(invoices: readonly Row[]): Row | null {
  const credited = new Set(invoices.filter((row) => row.kind === 'credit_note').map((row) => row.credit_of_id));
  const active = invoices.filter((row) => row.kind === 'invoice' && !credited.has(row.id));
  return active.sort((a, b) => String(b.issued_at).localeCompare(String(a.issued_at)))[0] ?? null;
}

/** CGST + SGST when the customer is in the workshop's state; a draft without a GSTIN assumes so. */
function draftRegime(rows: JobMoneyRows, country: TaxCountry): { regime: TaxRegime; note: string | null } {
  const assumed = { country, intraState: true };
  if (!rows.site || !rows.customer) return { regime: assumed, note: null };
  const supplier = supplierSnapshot(rows.site, rows.profile, country);
  if (country === 'IN' && !supplier.stateCode)
    return { regime: assumed, note: 'CGST + SGST assumed until the workshop’s GSTIN is set.' };
  return {
    regime: taxRegimeFor(country, supplier, recipientSnapshot(rows.customer, null, rows.job, country)).regime,
    note: null,
  };
}

function invoiceTotals(invoice: Row): MoneyTotals {
  const taxLines = Array.isArray(invoice.tax_lines) ? (invoice.tax_lines as TaxTotalLine[]) : []; // the invoice snapshot's JSON, written by invoice.finalise
  return {
    taxLines,
    taxableMinor: num(invoice.taxable_minor),
    taxMinor: num(invoice.tax_minor),
    totalMinor: num(invoice.total_minor),
  };
}

export function jobMoney(rows: JobMoneyRows): JobMoney {
  const country = isTaxCountry(rows.tenant?.country) ? rows.tenant.country : 'IN';
  const lineRows = live(rows.lines).sort((a, b) => num(a.position) - num(b.position) || a.id.localeCompare(b.id));
  const { regime, note } = draftRegime(rows, country);
  const draft = documentTotals(
    lineRows.map((row) => ({
      quantityMilli: num(row.quantity_milli),
      unitPriceMinor: num(row.unit_price_minor),
      discountMinor: num(row.discount_minor),
      taxRateBp: num(row.tax_rate_bp),
    })),
    regime,
  );
  const invoices = live(rows.invoices).sort((a, b) => String(a.issued_at).localeCompare(String(b.issued_at)));
  const payments = live(rows.payments).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
  const activeInvoice = activeInvoiceOf(invoices);
  const value = jobValueMinor({
    invoicedNetMinor: invoicedNetMinor(invoices),
    linesTotalMinor: lineRows.length > 0 ? draft.totalMinor : null,
    estimateMinor: typeof rows.job.estimate_minor === 'number' ? rows.job.estimate_minor : null,
  });
  return {
    country,
    currency: typeof rows.job.currency === 'string' ? rows.job.currency : 'INR',
    regime,
    regimeNote: activeInvoice ? null : note,
    lines: lineRows.map((row, index) => ({ row, amounts: draft.lines[index] ?? emptyAmounts })),
    totals: activeInvoice ? invoiceTotals(activeInvoice) : draft,
    payments,
    balance: jobBalance(rows.job.status === 'cancelled' ? 0 : value, payments),
    invoices,
    activeInvoice,
    supplierHasTaxId: typeof rows.site?.tax_id === 'string' && rows.site.tax_id !== '',
  };
}

const emptyAmounts: LineAmounts = {
  grossMinor: 0,
  discountMinor: 0,
  taxableMinor: 0,
  taxes: [],
  taxMinor: 0,
  totalMinor: 0,
};
