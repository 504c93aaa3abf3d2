import type { SyncRowStore } from '@forecourt/shared';
import { loadContractPictures, renderContractPdf } from './contract-pdf.ts';
import { rentalInvoiceNumber } from './rental-invoice.ts';
import { renderRentalInvoicePdf } from './rental-invoice-pdf.ts';
import { loadContractRecord, loadReservationRecord, type BlobReader } from './rental-records.ts';
import { renderReservationPdf } from './reservation-pdf.ts';

export { qrBillPayload, toQrText, type QrAddress, type QrBill, type QrReference } from './qr-bill-payload.ts';
export { rentalInvoiceDefinition } from './rental-invoice-pdf.ts';
export {
  creditorAccount,
  ibanFromBankDetails,
  rentalInvoiceFigures,
  rentalInvoiceNumber,
  rentalQrBill,
} from './rental-invoice.ts';
export { loadContractRecord, loadReservationRecord, type BlobReader } from './rental-records.ts';
export { contractDefinition, loadContractPictures, renderContractPdf } from './contract-pdf.ts';

export const RENTAL_DOCUMENT_KINDS = ['contract', 'rental-invoice', 'reservation'] as const;
export type RentalDocumentKind = (typeof RENTAL_DOCUMENT_KINDS)[number];

export const isRentalDocumentKind = (value: unknown): value is RentalDocumentKind =>
  (RENTAL_DOCUMENT_KINDS as readonly unknown[]).includes(value);

/**
 * A rental document as PDF bytes, from the replica (offline): the contract (pickup and return
 * protocol, with its photos and signatures from the blob store), the invoice of a closed
 * contract with its QR-bill, or a reservation confirmation. `now` is when it is printed.
 */
export async function rentalDocumentPdf(
  store: SyncRowStore,
  kind: RentalDocumentKind,
  id: string,
  options: { readonly now: string; readonly readBlob: BlobReader },
): Promise<{ pdf: Buffer; number: string }> {
  if (kind === 'reservation') {
    const record = loadReservationRecord(store, id);
    return { pdf: await renderReservationPdf(record, options.now), number: String(record.reservation.number) };
  }
  const record = loadContractRecord(store, id);
  const number = String(record.contract.number);
  if (kind === 'rental-invoice')
    return { pdf: await renderRentalInvoicePdf(record), number: rentalInvoiceNumber(record.contract).number };
  const pictures = await loadContractPictures(record, options.readBlob);
  return { pdf: await renderContractPdf(record, pictures, options.now), number };
}
