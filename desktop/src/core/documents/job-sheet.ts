import { DomainError, type Row, type SyncRowStore } from '@forecourt/shared';
import {
  documentTotals,
  invoicedNetMinor,
  isTaxCountry,
  jobBalance,
  jobValueMinor,
  recipientSnapshot,
  supplierSnapshot,
  taxRegimeFor,
  type DocumentTotals,
  type JobBalance,
  type LineAmounts,
  type TaxCountry,
  type TaxRegime,
} from '@forecourt/shared/domain/garage/index';

/**
 * Everything about one job that the job card, the UI's job screen and the invoice need, read
 * from the replica: the job, its customer and vehicle, its workshop, its lines with their amounts,
 * payments and balance, invoices and timeline. Pure reads; works offline.
 */
export interface JobSheet {
  readonly job: Row;
  readonly customer: Row | null;
  readonly vehicle: Row | null;
  readonly site: Row | null;
  readonly profile: Row | null;
  readonly country: TaxCountry;
  readonly currency: string;
  readonly regime: TaxRegime;
  readonly lines: ReadonlyArray<{ readonly row: Row; readonly amounts: LineAmounts }>;
  readonly totals: DocumentTotals;
  readonly payments: readonly Row[];
  readonly balance: JobBalance;
  readonly invoices: readonly Row[];
  /** The invoice in force: the latest invoice no credit note reverses. */
  readonly activeInvoice: Row | null;
  readonly timeline: readonly Row[];
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const live = (rows: readonly Row[]) => rows.filter((row) => !row.deleted_at);

export function activeInvoiceOf(invoices: readonly Row[]): Row | null {
  const credited = new Set(invoices.filter((row) => row.kind === 'credit_note').map((row) => row.credit_of_id));
  const active = invoices.filter((row) => row.kind === 'invoice' && !credited.has(row.id));
  return active.sort((a, b) => String(b.issued_at).localeCompare(String(a.issued_at)))[0] ?? null;
}

/** CGST + SGST when the customer is in the workshop's state; a draft without a GSTIN assumes so. */
function draftRegime(
  country: TaxCountry,
  site: Row | null,
  profile: Row | null,
  customer: Row | null,
  job: Row,
): TaxRegime {
  if (!site || !customer) return { country, intraState: true };
  const supplier = supplierSnapshot(site, profile, country);
  if (country === 'IN' && !supplier.stateCode) return { country, intraState: true };
  return taxRegimeFor(country, supplier, recipientSnapshot(customer, null, job, country)).regime;
}

export function loadJobSheet(store: SyncRowStore, jobId: string): JobSheet {
  const job = store.get('jobs', jobId);
  if (!job || job.deleted_at) throw new DomainError('not-found', 'job not found');
  const tenant = store.get('tenants', store.tenantId);
  const country = isTaxCountry(tenant?.country) ? tenant.country : 'IN';
  const customer = typeof job.customer_id === 'string' ? store.get('customers', job.customer_id) : null;
  const vehicle = typeof job.vehicle_id === 'string' ? store.get('vehicles', job.vehicle_id) : null;
  const site = typeof job.site_id === 'string' ? store.get('sites', job.site_id) : null;
  const profile = live(store.find('site_profiles', { site_id: String(job.site_id) }))[0] ?? null;
  const lineRows = live(store.find('job_lines', { job_id: jobId })).sort((a, b) => num(a.position) - num(b.position));
  const regime = draftRegime(country, site, profile, customer, job);
  const totals = documentTotals(
    lineRows.map((row) => ({
      quantityMilli: num(row.quantity_milli),
      unitPriceMinor: num(row.unit_price_minor),
      discountMinor: num(row.discount_minor),
      taxRateBp: num(row.tax_rate_bp),
    })),
    regime,
  );
  const invoices = live(store.find('invoices', { job_id: jobId })).sort((a, b) =>
    String(a.issued_at).localeCompare(String(b.issued_at)),
  );
  const payments = live(store.find('payments', { job_id: jobId })).sort((a, b) =>
    String(a.created_at).localeCompare(String(b.created_at)),
  );
  const value = jobValueMinor({
    invoicedNetMinor: invoicedNetMinor(invoices),
    linesTotalMinor: lineRows.length > 0 ? totals.totalMinor : null,
    estimateMinor: typeof job.estimate_minor === 'number' ? job.estimate_minor : null,
  });
  return {
    job,
    customer,
    vehicle,
    site,
    profile,
    country,
    currency: typeof job.currency === 'string' ? job.currency : 'INR',
    regime,
    lines: lineRows.map((row, index) => {
      const amounts = totals.lines[index];
      if (!amounts) throw new Error('line amounts out of step with the lines');
      return { row, amounts };
    }),
    totals,
    payments,
    balance: jobBalance(job.status === 'cancelled' ? 0 : value, payments),
    invoices,
    activeInvoice: activeInvoiceOf(invoices),
    timeline: live(store.find('job_updates', { job_id: jobId })).sort((a, b) =>
      String(a.created_at).localeCompare(String(b.created_at)),
    ),
  };
}
