import { DomainError, type Row } from '@forecourt/shared';
import { defaultRateBp, isTaxCountry } from '@forecourt/shared/domain/garage/index';
import type { ChargeLine } from '@forecourt/shared/domain/rental/index';
import { toQrText, type QrBill } from './qr-bill-payload.ts';
import { qrBillIbanProblem } from '@forecourt/shared/domain/sites/iban';
import {
  compactIban,
  creditorReferenceFrom,
  ibanChecksumValid,
  isQrIban,
  qrReferenceFrom,
  referenceDigitsOf,
  referenceDigitsOfNumber,
} from './qr-references.ts';
import { num, str, type Company, type ContractRecord } from './rental-records.ts';
import { parseAddress } from './swiss-address.ts';

/**
 * The invoice of a closed rental contract: the charge lines and totals exactly as
 * rental.contractClose stored them (gross total, the VAT it contains, the payable after what was
 * paid, cash-rounded to 0.05 CHF on the payable only), what has been paid since, and the QR-bill
 * for what is still due, or the reason there is none.
 */
const COUNTED = new Set(['confirmed', 'unconfirmed']);

export interface RentalInvoiceFigures {
  readonly lines: readonly ChargeLine[];
  readonly totalMinor: number;
  readonly vatMinor: number;
  readonly vatRateBp: number;
  /** Deposit and payments taken before the contract was closed. */
  readonly paidBeforeMinor: number;
  /** The cash rounding in the stored payable (−2 … +2 Rappen), 0 when none was applied. */
  readonly roundingMinor: number;
  readonly payableMinor: number;
  /** Payments recorded after the close (the renter paying the invoice), and what is left. */
  readonly paidSinceMinor: number;
  readonly balanceMinor: number;
}

const signed = (payment: Row) => (payment.kind === 'refund' ? -1 : 1) * num(payment.amount_minor);

function chargeLines(value: unknown): ChargeLine[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((line): line is Record<string, unknown> => typeof line === 'object' && line !== null)
    .map((line) => ({ code: str(line.code) ?? '', label: str(line.label) ?? '', amountMinor: num(line.amountMinor) }));
}

export function rentalInvoiceFigures(record: ContractRecord): RentalInvoiceFigures {
  const { contract, company } = record;
  if (contract.status !== 'closed' || typeof contract.total_minor !== 'number') {
    throw new DomainError('conflict', `the contract is ${String(contract.status)}: close it to issue its invoice`);
  }
  const closedAt = String(contract.closed_at);
  const counted = record.payments.filter((payment) => COUNTED.has(String(payment.status)));
  const before = counted
    .filter((payment) => String(payment.created_at) <= closedAt)
    .reduce((sum, p) => sum + signed(p), 0);
  const since = counted
    .filter((payment) => String(payment.created_at) > closedAt)
    .reduce((sum, p) => sum + signed(p), 0);
  const totalMinor = contract.total_minor;
  const payableMinor = num(contract.payable_minor);
  const rounding = payableMinor - (totalMinor - before);
  // A rounding outside ±2 Rappen means the payments moved since the close; the payable stands.
  const consistent = Math.abs(rounding) <= 2;
  const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: company.timeZone }).format(new Date(closedAt));
  return {
    lines: chargeLines(contract.charges),
    totalMinor,
    vatMinor: num(contract.vat_minor),
    vatRateBp: isTaxCountry(company.country) ? defaultRateBp(company.country, localDate) : 0,
    paidBeforeMinor: consistent ? before : totalMinor - payableMinor,
    roundingMinor: consistent ? rounding : 0,
    payableMinor,
    paidSinceMinor: since,
    balanceMinor: payableMinor - since,
  };
}

export type SlipOutcome = { readonly bill: QrBill } | { readonly missing: string };

const IBAN_IN_TEXT = /\b(?:CH|LI)[0-9]{2}(?: ?[A-Z0-9]){17}\b/gi;

/** The account from the site's bank details (free text): the first CH/LI IBAN in it with a valid check. */
export function ibanFromBankDetails(text: string | null): { iban: string } | { missing: string } {
  const candidates = (text ?? '').match(IBAN_IN_TEXT) ?? [];
  const valid = candidates.map(compactIban).find(ibanChecksumValid);
  if (valid) return { iban: valid };
  if (candidates.length > 0)
    return { missing: `the IBAN in the bank details (${compactIban(candidates[0] ?? '')}) has a wrong check digit` };
  return { missing: 'no IBAN is set for this site (Settings, the site: IBAN)' };
}

/**
 * The creditor account: the site's IBAN field; for a site set up before it had one, the first
 * valid CH/LI IBAN in its profile's bank details text.
 */
export function creditorAccount(company: Company): { iban: string } | { missing: string } {
  if (!company.iban) return ibanFromBankDetails(company.bankDetails);
  const problem = qrBillIbanProblem(company.iban);
  return problem ? { missing: `the site's IBAN cannot be used: ${problem}` } : { iban: compactIban(company.iban) };
}

/**
 * What a QR-bill is for: the document number its reference stands for, and the message. `legacy`
 * marks an invoice printed with its contract number before rental invoices were numbered: it
 * keeps the reference it was first printed with (the two-digit form of `referenceDigitsOf`).
 */
export interface QrBillFor {
  readonly number: string;
  readonly message: string;
  readonly legacy?: boolean;
}

/**
 * A QR reference (QR-IBAN) whose digits read back to the document number, or an RF creditor
 * reference (ordinary IBAN) with the number's letters and digits.
 */
export function referenceFor(iban: string, document: QrBillFor): QrBill['reference'] {
  const { number } = document;
  if (isQrIban(iban)) {
    const digits = document.legacy ? referenceDigitsOf(number) : referenceDigitsOfNumber(number);
    return { type: 'QRR', value: qrReferenceFrom(digits) };
  }
  const compact = number.replace(/[^A-Za-z0-9]/g, '');
  return {
    type: 'SCOR',
    value: creditorReferenceFrom(compact.length <= 21 ? compact : referenceDigitsOf(number).slice(0, 21)),
  };
}

export function rentalQrBill(
  company: Company,
  renter: Row | null,
  document: QrBillFor,
  currency: string,
  amountMinor: number,
): SlipOutcome {
  if (amountMinor <= 0) return { missing: 'nothing is left to pay' };
  if (currency !== 'CHF' && currency !== 'EUR') return { missing: `a QR-bill cannot be in ${currency}` };
  const account = creditorAccount(company);
  if ('missing' in account) return account;
  const creditorName = toQrText(str(company.profile?.legal_name) ?? company.party.name);
  const creditor = parseAddress(creditorName, str(company.site?.address));
  if (!creditor) return { missing: `the site's address is not in the form "Street 1, 8000 Town"` };
  const debtor =
    renter && !renter.erased_at ? parseAddress(toQrText(str(renter.name) ?? ''), str(renter.address)) : null;
  return {
    bill: {
      account: account.iban,
      creditor: { ...creditor, street: creditor.street && toQrText(creditor.street), town: toQrText(creditor.town) },
      amountMinor,
      currency,
      debtor: debtor && { ...debtor, street: debtor.street && toQrText(debtor.street), town: toQrText(debtor.town) },
      reference: referenceFor(account.iban, document),
      message: toQrText(document.message),
    },
  };
}

/**
 * The invoice's number: the one rental.contractClose gave it from the device's invoice series;
 * a contract closed before rental invoices were numbered has none, and its invoice keeps the
 * contract number it was first printed with (renumbering a sent invoice would give one invoice
 * two numbers; the server never renumbers, DESIGN §4.5).
 */
export function rentalInvoiceNumber(contract: Row): { number: string; legacy: boolean } {
  const invoiceNumber = str(contract.invoice_number);
  return invoiceNumber
    ? { number: invoiceNumber, legacy: false }
    : { number: str(contract.number) ?? '', legacy: true };
}
