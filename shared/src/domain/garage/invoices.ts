import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  MANAGE_ROLES,
  update,
  WRITE_ROLES,
  type MutationContext,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, requireFound } from '../common.ts';
import { lineSnapshots, recipientSnapshot, supplierSnapshot, taxRegimeFor } from './invoice-snapshot.ts';
import { requireRateInForce } from './line-rules.ts';
import { formatMoney } from './money.ts';
import { fiscalYear, formatDocumentNumber, seriesKey, type DocumentKind } from './numbering.ts';
import { int, siteFrom, siteLocalDate, tenantCountry, text, timeline } from './rows.ts';
import type { TaxCountry } from './tax-rates.ts';

/**
 * Finalising assigns the legal number from this device's series for the fiscal year
 * (ctx.nextSeq: recorded on the counter, replayed by the server, never renumbered) and freezes
 * what is printed. Finalised documents never change; a credit note reverses an invoice.
 * nextSeq is taken last, after every check, so a refused finalisation consumes no number locally.
 */
const FINALISABLE = new Set(['ready', 'delivered']);

function numberFor(kind: DocumentKind, ctx: MutationContext, country: TaxCountry, site: Row) {
  const fy = fiscalYear(country, siteLocalDate(site, ctx.now));
  const series = seriesKey(kind, ctx.deviceCode, fy);
  const seq = ctx.nextSeq(series);
  return { series, seq, fiscal_year: fy.label, number: formatDocumentNumber(kind, ctx.deviceCode, fy, seq) };
}

function requireActiveInvoiceFree(job: Row, invoices: readonly Row[]): void {
  const credited = new Set(invoices.filter((row) => row.kind === 'credit_note').map((row) => row.credit_of_id));
  const active = invoices.find((row) => row.kind === 'invoice' && !credited.has(row.id));
  if (job.invoice_id || active) {
    throw new DomainError(
      'conflict',
      `job ${String(job.number)} is already invoiced (${String(active?.number ?? job.invoice_id)})`,
    );
  }
}

export const invoiceFinalise = defineMutation({
  name: 'invoice.finalise',
  description: "Finalise a job's invoice: number it from this device's series and freeze it",
  roles: WRITE_ROLES,
  // customerId and vehicleId let load read them; decide checks they are still the job's.
  input: Type.Object(
    { jobId: Id, customerId: Id, vehicleId: Type.Optional(Type.Union([Id, Type.Null()])) },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({
    job: get('jobs', input.jobId),
    customer: get('customers', input.customerId),
    vehicle: get('vehicles', input.vehicleId),
    lines: find('job_lines', { job_id: input.jobId }),
    invoices: find('invoices', { job_id: input.jobId }),
    tenant: get('tenants', ctx.tenantId),
    sites: find('sites', {}),
    profiles: find('site_profiles', {}),
  }),
  decide(input, state, ctx) {
    const job = requireFound(state.job, 'job');
    if (!FINALISABLE.has(String(job.status)))
      throw new DomainError('conflict', `a ${String(job.status)} job cannot be invoiced yet`);
    if (job.customer_id !== input.customerId || (job.vehicle_id ?? null) !== (input.vehicleId ?? null)) {
      throw new DomainError('conflict', 'the job’s customer or vehicle changed; open the job again');
    }
    requireActiveInvoiceFree(job, state.invoices);
    const lines = state.lines.filter((line) => !line.deleted_at);
    if (lines.length === 0) throw new DomainError('invalid', 'add labour or parts before invoicing');
    const country = tenantCountry(state.tenant);
    const site = siteFrom(state.sites, job.site_id);
    const date = siteLocalDate(site, ctx.now);
    for (const line of lines)
      requireRateInForce({ country, localDate: date }, int(line.tax_rate_bp) ?? -1, String(line.description));
    const supplier = supplierSnapshot(
      site,
      state.profiles.find((row) => row.site_id === site.id && !row.deleted_at) ?? null,
      country,
    );
    if (!supplier.taxId)
      throw new DomainError(
        'invalid',
        `set the workshop's ${country === 'IN' ? 'GSTIN' : 'UID / VAT number'} before invoicing`,
      );
    const recipient = recipientSnapshot(requireFound(state.customer, 'customer'), state.vehicle, job, country);
    const { regime, placeOfSupply } = taxRegimeFor(country, supplier, recipient);
    const { snapshots, totals } = lineSnapshots(lines, regime);
    const id = ctx.newId();
    const numbering = numberFor('invoice', ctx, country, site);
    const invoice = {
      id,
      site_id: job.site_id,
      job_id: job.id,
      kind: 'invoice',
      ...numbering,
      issued_at: ctx.now,
      issued_by: ctx.actor.userId,
      device_id: ctx.deviceId,
      country,
      currency: job.currency,
      place_of_supply: placeOfSupply,
      supplier,
      recipient,
      lines: snapshots,
      tax_lines: totals.taxLines,
      taxable_minor: totals.taxableMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      job_manager_id: job.created_by ?? null,
    };
    const amount = formatMoney(totals.totalMinor, text(job.currency) ?? 'INR');
    return {
      changes: [
        insert('invoices', invoice),
        update('jobs', job.id, { invoice_id: id }),
        timeline(ctx, job, 'invoice', `Invoice ${numbering.number} for ${amount}`),
      ],
      result: { invoiceId: id, number: numbering.number, totalMinor: totals.totalMinor },
    };
  },
});

export const invoiceCreditNote = defineMutation({
  name: 'invoice.creditNote',
  description: 'Reverse a finalised invoice with a credit note that references it; the job can be invoiced again',
  roles: MANAGE_ROLES,
  input: Type.Object(
    { invoiceId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({
    invoice: get('invoices', input.invoiceId),
    credits: find('invoices', { credit_of_id: input.invoiceId }),
    tenant: get('tenants', ctx.tenantId),
    sites: find('sites', {}),
  }),
  decide(input, state, ctx) {
    const invoice = requireFound(state.invoice, 'invoice');
    if (invoice.kind !== 'invoice') throw new DomainError('invalid', 'only an invoice can be credited');
    const previous = state.credits.find((row) => row.kind === 'credit_note');
    if (previous)
      throw new DomainError(
        'conflict',
        `invoice ${String(invoice.number)} is already credited by ${String(previous.number)}`,
      );
    const country = tenantCountry(state.tenant);
    const id = ctx.newId();
    const numbering = numberFor('credit_note', ctx, country, siteFrom(state.sites, invoice.site_id));
    const copied = Object.fromEntries(
      [
        'site_id',
        'job_id',
        'country',
        'currency',
        'place_of_supply',
        'supplier',
        'recipient',
        'lines',
        'tax_lines',
        'taxable_minor',
        'tax_minor',
        'total_minor',
        'job_manager_id',
      ].map((column) => [column, invoice[column] ?? null]),
    );
    const credit = {
      ...copied,
      id,
      kind: 'credit_note',
      ...numbering,
      issued_at: ctx.now,
      issued_by: ctx.actor.userId,
      device_id: ctx.deviceId,
      credit_of_id: invoice.id,
      reason: input.reason.trim(),
    };
    const job = { id: invoice.job_id, site_id: invoice.site_id };
    return {
      changes: [
        insert('invoices', credit),
        update('jobs', String(invoice.job_id), { invoice_id: null }),
        timeline(
          ctx,
          job,
          'invoice',
          `Credit note ${numbering.number} for invoice ${String(invoice.number)}: ${input.reason.trim()}`,
        ),
      ],
      result: { creditNoteId: id, number: numbering.number },
    };
  },
});
