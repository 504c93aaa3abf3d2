import { DomainError, type SyncRowStore } from '@forecourt/shared';
import { activeInvoiceForJob, loadInvoiceDocument } from './invoice-document.ts';
import { isCreditNote, renderCreditNotePdf } from './credit-note-pdf.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { renderJobCardPdf } from './job-card-pdf.ts';
import { loadJobSheet } from './job-sheet.ts';

export { loadJobSheet, type JobSheet } from './job-sheet.ts';
export { loadInvoiceDocument, activeInvoiceForJob, type InvoiceDocument } from './invoice-document.ts';
export { renderInvoicePdf } from './invoice-pdf.ts';
export { creditNoteDefinition, renderCreditNotePdf } from './credit-note-pdf.ts';
export { renderJobCardPdf } from './job-card-pdf.ts';

export type JobDocumentKind = 'job-card' | 'invoice';

/**
 * A job's document as PDF bytes, from the replica (offline): its job card, or the invoice in
 * force for it. `now` is when the job card is printed (it says so on the page).
 */
export async function jobDocumentPdf(
  store: SyncRowStore,
  kind: JobDocumentKind,
  jobId: string,
  now: string,
): Promise<Buffer> {
  if (kind === 'job-card') return renderJobCardPdf(loadJobSheet(store, jobId), now);
  const invoice = activeInvoiceForJob(store, jobId);
  if (!invoice) throw new DomainError('not-found', 'this job has no invoice yet: finalise it first');
  return renderInvoicePdf(loadInvoiceDocument(store, invoice.id));
}

/** Any invoice or credit note by its id (a credit note has no job-level shortcut). */
export async function invoicePdf(store: SyncRowStore, invoiceId: string): Promise<Buffer> {
  const doc = loadInvoiceDocument(store, invoiceId);
  return isCreditNote(doc) ? renderCreditNotePdf(doc) : renderInvoicePdf(doc);
}

/** A credit note by its id, with its number for the file name; an invoice's id is refused. */
export async function creditNotePdf(
  store: SyncRowStore,
  creditNoteId: string,
): Promise<{ pdf: Buffer; number: string }> {
  const doc = loadInvoiceDocument(store, creditNoteId);
  if (!isCreditNote(doc)) throw new DomainError('not-found', 'no credit note with that id (it is an invoice)');
  return { pdf: await renderCreditNotePdf(doc), number: doc.number };
}
