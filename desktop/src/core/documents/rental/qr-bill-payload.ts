import { DomainError } from '@forecourt/shared';
import { creditorReferenceValid, isQrIban, qrReferenceValid, requireQrBillIban } from './qr-references.ts';

/**
 * The data of the Swiss QR Code (SIX Implementation Guidelines QR-bill v2.3, section 4): header
 * SPC / 0200 / 1, the creditor account and structured ('S') address, the empty ultimate creditor,
 * amount and currency, the debtor, the reference, the unstructured message and the trailer EPD.
 * Elements are separated by LF and the last one has no line break after it. Every rule that makes
 * a bank refuse the slip is a DomainError here, before anything is printed.
 */
export interface QrAddress {
  readonly name: string;
  readonly street: string | null;
  readonly buildingNumber: string | null;
  readonly postalCode: string;
  readonly town: string;
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
}

export type QrReference =
  | { readonly type: 'QRR'; readonly value: string }
  | { readonly type: 'SCOR'; readonly value: string }
  | { readonly type: 'NON' };

export interface QrBill {
  readonly account: string;
  readonly creditor: QrAddress;
  /** Null: the payer fills in the amount. */
  readonly amountMinor: number | null;
  readonly currency: 'CHF' | 'EUR';
  readonly debtor: QrAddress | null;
  readonly reference: QrReference;
  readonly message: string | null;
}

const MAX_AMOUNT_MINOR = 99_999_999_999;
const MAX_PAYLOAD_CHARS = 997;

/**
 * v2.3 character set: printable Basic Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €.
 * Anything else makes the code invalid for the banks.
 */
const ALLOWED = /^[\u0020-\u007E\u00A0-\u017F\u0218-\u021B\u20AC]*$/;

/** Text as the QR code may carry it: other characters spelt without their accents, or as '.'. */
export function toQrText(text: string): string {
  return [...text.normalize('NFC')]
    .map((char) => {
      if (ALLOWED.test(char)) return char;
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return ALLOWED.test(base) && base !== '' ? base : '.';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkText(value: string | null, field: string, max: number, required: boolean): string {
  const text = value?.trim() ?? '';
  if (required && text === '') throw new DomainError('invalid', `the QR-bill needs the ${field}`);
  if (text.length > max) throw new DomainError('invalid', `the ${field} is longer than ${max} characters`);
  if (!ALLOWED.test(text))
    throw new DomainError('invalid', `the ${field} has characters a QR-bill cannot carry: ${text}`);
  if (/[\r\n]/.test(text)) throw new DomainError('invalid', `the ${field} must be one line`);
  return text;
}

/** The seven address elements, structured ('S'): name, street, building, postcode, town, country. */
function addressLines(address: QrAddress | null, who: string): string[] {
  if (!address) return ['', '', '', '', '', '', ''];
  if (!/^[A-Z]{2}$/.test(address.country))
    throw new DomainError('invalid', `the ${who}'s country must be a two-letter ISO code`);
  return [
    'S',
    checkText(address.name, `${who}'s name`, 70, true),
    checkText(address.street, `${who}'s street`, 70, false),
    checkText(address.buildingNumber, `${who}'s building number`, 16, false),
    checkText(address.postalCode, `${who}'s postcode`, 16, true),
    checkText(address.town, `${who}'s town`, 35, true),
    address.country,
  ];
}

function referenceLines(account: string, reference: QrReference): string[] {
  const qrIban = isQrIban(account);
  if (qrIban && reference.type !== 'QRR')
    throw new DomainError('invalid', 'a QR-IBAN (IID 30000–31999) needs a QR reference (QRR)');
  if (!qrIban && reference.type === 'QRR')
    throw new DomainError('invalid', 'a QR reference (QRR) needs a QR-IBAN (IID 30000–31999); use an RF reference');
  if (reference.type === 'QRR') {
    if (!qrReferenceValid(reference.value))
      throw new DomainError('invalid', `${reference.value} is not a QR reference (27 digits, mod-10 check digit)`);
    return ['QRR', reference.value.replace(/\s+/g, '')];
  }
  if (reference.type === 'SCOR') {
    if (!creditorReferenceValid(reference.value))
      throw new DomainError('invalid', `${reference.value} is not an ISO 11649 creditor reference (RF…)`);
    return ['SCOR', reference.value.replace(/\s+/g, '').toUpperCase()];
  }
  return ['NON', ''];
}

/** "1949.75": the amount as the QR code carries it (no grouping, two decimals), or '' for an open amount. */
export function qrAmount(amountMinor: number | null): string {
  if (amountMinor === null) return '';
  if (!Number.isInteger(amountMinor) || amountMinor < 1 || amountMinor > MAX_AMOUNT_MINOR)
    throw new DomainError('invalid', 'the QR-bill amount must be between 0.01 and 999,999,999.99');
  return `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')}`;
}

/** The text the Swiss QR Code encodes (UTF-8, error correction M), checked field by field. */
export function qrBillPayload(bill: QrBill): string {
  const account = requireQrBillIban(bill.account);
  if (bill.currency !== 'CHF' && bill.currency !== 'EUR')
    throw new DomainError('invalid', 'a QR-bill is in CHF or EUR');
  const lines = [
    'SPC',
    '0200',
    '1',
    account,
    ...addressLines(bill.creditor, 'creditor'),
    ...addressLines(null, 'ultimate creditor'),
    qrAmount(bill.amountMinor),
    bill.currency,
    ...addressLines(bill.debtor, 'debtor'),
    ...referenceLines(account, bill.reference),
    checkText(bill.message, 'message', 140, false),
    'EPD',
  ];
  const payload = lines.join('\n');
  if (payload.length > MAX_PAYLOAD_CHARS)
    throw new DomainError('invalid', `the QR-bill data is longer than ${MAX_PAYLOAD_CHARS} characters`);
  return payload;
}
