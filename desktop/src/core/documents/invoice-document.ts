import { Compile } from 'typebox/compile';
import { DomainError, type Row, type SyncRowStore } from '@forecourt/shared';
import {
  InvoiceLines,
  InvoiceTaxLines,
  PartySnapshot,
  RecipientSnapshot,
  jobBalance,
  upiPaymentUri,
  type LineSnapshot,
  type RecipientSnapshot as Recipient,
} from '@forecourt/shared/domain/garage/index';
import type { Static } from 'typebox';
import { activeInvoiceOf } from './job-sheet.ts';

/**
 * An invoice or credit note as printed: the frozen snapshot of the invoices row (checked against
 * its schema, so a row of another version fails loudly), the credited invoice for a credit note,
 * the workshop's current logo, footer and UPI id, and what has been paid on the job.
 */
const SupplierCheck = Compile(PartySnapshot);
const RecipientCheck = Compile(RecipientSnapshot);
const LinesCheck = Compile(InvoiceLines);
const TaxLinesCheck = Compile(InvoiceTaxLines);

export interface InvoiceDocument {
  readonly id: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issuedAt: string;
  readonly country: string;
  readonly currency: string;
  readonly placeOfSupply: string | null;
  readonly supplier: Static<typeof PartySnapshot>;
  readonly recipient: Recipient;
  readonly lines: readonly LineSnapshot[];
  readonly taxLines: Static<typeof InvoiceTaxLines>;
  readonly taxableMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
  readonly credited: { readonly number: string; readonly issuedAt: string } | null;
  readonly reason: string | null;
  readonly logoDataUrl: string | null;
  readonly footer: string | null;
  readonly timeZone: string;
  /** Recorded payments on the job (confirmed and awaiting confirmation) and what remains. */
  readonly paidMinor: number;
  readonly balanceMinor: number;
  /** upi://pay link for the balance (India, when the workshop has a UPI id and money is due). */
  readonly upiUri: string | null;
}

function checked<T>(check: { Check(value: unknown): value is T }, value: unknown, what: string): T {
  if (!check.Check(value)) throw new DomainError('invalid', `the invoice's ${what} is not in the expected form`);
  return value;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function loadInvoiceDocument(store: SyncRowStore, invoiceId: string): InvoiceDocument {
  const row = store.get('invoices', invoiceId);
  if (!row || row.deleted_at) throw new DomainError('not-found', 'invoice not found');
  const credited = typeof row.credit_of_id === 'string' ? store.get('invoices', row.credit_of_id) : null;
  const site = typeof row.site_id === 'string' ? store.get('sites', row.site_id) : null;
  const profile = store.find('site_profiles', { site_id: String(row.site_id) }).find((p) => !p.deleted_at) ?? null;
  const payments = store.find('payments', { job_id: String(row.job_id) });
  const totalMinor = num(row.total_minor);
  const balance = jobBalance(totalMinor, payments);
  const paidMinor = balance.confirmedMinor + balance.unconfirmedMinor;
  const balanceMinor = row.kind === 'invoice' ? Math.max(0, totalMinor - paidMinor) : 0;
  const supplier = checked(SupplierCheck, row.supplier, 'supplier');
  const vpa = str(profile?.upi_vpa);
  return {
    id: row.id,
    kind: row.kind === 'credit_note' ? 'credit_note' : 'invoice',
    number: str(row.number) ?? '',
    issuedAt: str(row.issued_at) ?? '',
    country: str(row.country) ?? 'IN',
    currency: str(row.currency) ?? 'INR',
    placeOfSupply: str(row.place_of_supply),
    supplier,
    recipient: checked(RecipientCheck, row.recipient, 'recipient'),
    lines: checked(LinesCheck, row.lines, 'lines'),
    taxLines: checked(TaxLinesCheck, row.tax_lines, 'tax lines'),
    taxableMinor: num(row.taxable_minor),
    taxMinor: num(row.tax_minor),
    totalMinor,
    credited: credited ? { number: str(credited.number) ?? '', issuedAt: str(credited.issued_at) ?? '' } : null,
    reason: str(row.reason),
    logoDataUrl: str(profile?.logo_data_url),
    footer: str(profile?.document_footer),
    timeZone: str(site?.timezone) ?? 'UTC',
    paidMinor,
    balanceMinor,
    upiUri:
      row.country === 'IN' && vpa && balanceMinor > 0
        ? upiPaymentUri({
            vpa,
            payeeName: str(profile?.upi_payee_name) ?? supplier.name,
            amountMinor: balanceMinor,
            note: `Invoice ${str(row.number) ?? ''}`,
            reference: str(row.number) ?? undefined,
          })
        : null,
  };
}

/** The invoice in force for a job (the latest no credit note reverses), or null. */
export function activeInvoiceForJob(store: SyncRowStore, jobId: string): Row | null {
  return activeInvoiceOf(store.find('invoices', { job_id: jobId }));
}
