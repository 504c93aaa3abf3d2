import type { Row } from '../../schema/table-spec.ts';
import { invoicedNetMinor, jobBalance, jobValueMinor, type JobBalance } from './balance.ts';
import { recipientSnapshot, supplierSnapshot, taxRegimeFor } from './invoice-snapshot.ts';
import { isTaxCountry, type TaxCountry } from './tax-rates.ts';
import { documentTotals, type DocumentTotals, type LineAmounts, type TaxRegime } from './tax.ts';

/**
 * A job's money from its replica rows, with the shared garage rules only: the one computation
 * behind the job screen (desktop renderer, `features/job-lines/job-money.ts`) and the core's job
 * sheet (job card PDF, `core/documents/job-sheet.ts`), so the screen, the job card and the printed
 * invoice agree to the paisa. Live rows only, lines by position, invoices by issue time, payments
 * by time; the draft's totals from the lines, and the invoice's frozen snapshot once there is one
 * in force; the balance from the job's value (invoiced net, else the lines, else the estimate;
 * nothing once cancelled).
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
  /** The lines' totals as a draft, whether or not an invoice is in force. */
  readonly draft: DocumentTotals;
  /** The draft's totals, or the invoice's once there is one in force. */
  readonly totals: MoneyTotals;
  readonly payments: readonly Row[];
  readonly balance: JobBalance;
  readonly invoices: readonly Row[];
  /** The invoice in force: the latest invoice no credit note reverses. */
  readonly activeInvoice: Row | null;
  /** Whether the workshop has the tax id an invoice needs (GSTIN, UID). */
  readonly supplierHasTaxId: boolean;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
export const liveRows = (rows: readonly Row[]): Row[] => rows.filter((row) => !row.deleted_at);
const byText = (key: string) => (a: Row, b: Row) => String(a[key]).localeCompare(String(b[key]));

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
  const lineRows = liveRows(rows.lines).sort((a, b) => num(a.position) - num(b.position) || a.id.localeCompare(b.id));
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
  const invoices = liveRows(rows.invoices).sort(byText('issued_at'));
  const payments = liveRows(rows.payments).sort(byText('created_at'));
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
    lines: lineRows.map((row, index) => {
      const amounts = draft.lines[index];
      if (!amounts) throw new Error('line amounts out of step with the lines');
      return { row, amounts };
    }),
    draft,
    totals: activeInvoice ? invoiceTotals(activeInvoice) : draft,
    payments,
    balance: jobBalance(rows.job.status === 'cancelled' ? 0 : value, payments),
    invoices,
    activeInvoice,
    supplierHasTaxId: typeof rows.site?.tax_id === 'string' && rows.site.tax_id !== '',
  };
}
