import { DomainError, type Row, type SyncRowStore } from '@forecourt/shared';
import type {
  DocumentTotals,
  JobBalance,
  LineAmounts,
  TaxCountry,
  TaxRegime,
} from '@forecourt/shared/domain/garage/index';
import { jobMoney, liveRows } from '@forecourt/shared/domain/garage/job-money';

export { activeInvoiceOf } from '@forecourt/shared/domain/garage/job-money';

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

/** Reads the job's rows from the replica; the money is the job screen's (`jobMoney`, shared). */
export function loadJobSheet(store: SyncRowStore, jobId: string): JobSheet {
  const job = store.get('jobs', jobId);
  if (!job || job.deleted_at) throw new DomainError('not-found', 'job not found');
  const customer = typeof job.customer_id === 'string' ? store.get('customers', job.customer_id) : null;
  const site = typeof job.site_id === 'string' ? store.get('sites', job.site_id) : null;
  const profile = liveRows(store.find('site_profiles', { site_id: String(job.site_id) }))[0] ?? null;
  const money = jobMoney({
    job,
    lines: store.find('job_lines', { job_id: jobId }),
    payments: store.find('payments', { job_id: jobId }),
    invoices: store.find('invoices', { job_id: jobId }),
    tenant: store.get('tenants', store.tenantId),
    site,
    profile,
    customer,
  });
  return {
    job,
    customer,
    vehicle: typeof job.vehicle_id === 'string' ? store.get('vehicles', job.vehicle_id) : null,
    site,
    profile,
    country: money.country,
    currency: money.currency,
    regime: money.regime,
    lines: money.lines,
    totals: money.draft,
    payments: money.payments,
    balance: money.balance,
    invoices: money.invoices,
    activeInvoice: money.activeInvoice,
    timeline: liveRows(store.find('job_updates', { job_id: jobId })).sort((a, b) =>
      String(a.created_at).localeCompare(String(b.created_at)),
    ),
  };
}
