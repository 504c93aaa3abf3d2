/** Words for payments on screen; the values are the domain's (shared/src/domain/garage/balance.ts). */
export const RECORD_KINDS = ['advance', 'partial', 'final'] as const;
export const RECORD_METHODS = ['cash', 'upi', 'card', 'bank_transfer'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export type RecordMethod = (typeof RECORD_METHODS)[number];

const KIND_LABELS: Readonly<Record<string, string>> = {
  advance: 'Advance',
  partial: 'Part payment',
  final: 'Final payment',
  refund: 'Refund',
};

const METHOD_LABELS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  upi: 'UPI',
  card: 'Card',
  bank_transfer: 'Bank transfer',
  online: 'Online',
};

/** Status label and the tag colour it is shown in. */
const STATUS_LABELS: Readonly<Record<string, { label: string; tone: string }>> = {
  unconfirmed: { label: 'Unconfirmed', tone: 'warn' },
  confirmed: { label: 'Confirmed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  refunded: { label: 'Refunded', tone: 'muted' },
  disputed: { label: 'Disputed', tone: 'danger' },
};

export const paymentKindLabel = (kind: unknown): string => KIND_LABELS[String(kind)] ?? String(kind);
export const paymentMethodLabel = (method: unknown): string => METHOD_LABELS[String(method)] ?? String(method);
export const paymentStatus = (status: unknown): { label: string; tone: string } =>
  STATUS_LABELS[String(status)] ?? { label: String(status), tone: 'muted' };
