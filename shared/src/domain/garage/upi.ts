/**
 * The UPI payment link printed as a QR code on Indian invoices (NPCI "UPI linking
 * specification"): upi://pay?pa=VPA&pn=NAME&am=AMOUNT&cu=INR&tn=NOTE&tr=REF. Any UPI app scans it
 * and pre-fills the payee and amount.
 */
const VPA_PATTERN = /^[a-zA-Z0-9._-]{2,256}@[a-zA-Z][a-zA-Z0-9.-]{1,63}$/;

export function isValidVpa(value: string): boolean {
  return VPA_PATTERN.test(value);
}

export interface UpiRequest {
  readonly vpa: string;
  readonly payeeName: string;
  readonly amountMinor: number;
  /** Transaction note shown in the payer's app, e.g. the invoice number. */
  readonly note?: string;
  /** Reference the payee can reconcile against, e.g. the invoice number. */
  readonly reference?: string;
}

export function upiPaymentUri(request: UpiRequest): string {
  const amount = `${Math.trunc(request.amountMinor / 100)}.${String(request.amountMinor % 100).padStart(2, '0')}`;
  const params: Array<[string, string]> = [
    ['pa', request.vpa],
    ['pn', request.payeeName],
    ['am', amount],
    ['cu', 'INR'],
  ];
  if (request.note) params.push(['tn', request.note]);
  if (request.reference) params.push(['tr', request.reference]);
  return `upi://pay?${params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
}
