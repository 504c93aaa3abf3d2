/** How the integrations page names providers, statuses and operations for the owner. */
export const PROVIDER_LABELS: Readonly<Record<string, { name: string; purpose: string }>> = {
  stripe: { name: 'Stripe', purpose: 'Card payments, payment links, refunds' },
  docusign: { name: 'DocuSign', purpose: 'Electronic signatures' },
  enode: { name: 'Enode', purpose: 'Electric vehicle battery and location' },
  twilio: { name: 'Twilio', purpose: 'SMS and phone number checks' },
  fleet: { name: 'Fleet platform', purpose: 'Vehicle sharing platform' },
};

export const providerName = (provider: string): string => PROVIDER_LABELS[provider]?.name ?? provider;

export const EVENT_STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  processed: 'Done',
  ignored: 'Not needed',
  retrying: 'Retrying',
  dead: 'Failed',
};

export const CALL_STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  sending: 'Sending',
  done: 'Done',
  failed: 'Failed',
  ambiguous: 'Unknown outcome',
  dead: 'Failed',
};

/** Statuses the owner should look at: they are shown in warning colours and can be retried. */
export const RETRYABLE_CALL = new Set(['failed', 'dead']);

export const OPERATION_LABELS: Readonly<Record<string, string>> = {
  'stripe.checkout': 'Payment link',
  'stripe.refund': 'Refund',
  'stripe.deposit-hold': 'Deposit hold',
  'stripe.deposit-capture': 'Deposit capture',
  'stripe.deposit-release': 'Deposit release',
  'twilio.sms': 'SMS',
  'docusign.send': 'Send for signature',
  'docusign.fetch-signed': 'Fetch signed document',
  'fleet.upsert': 'Vehicle to fleet platform',
};

export function statusPill(status: string): string {
  if (status === 'dead' || status === 'failed' || status === 'ambiguous') return 'pill pill-warn';
  if (status === 'processed' || status === 'done') return 'pill pill-ok';
  return 'pill pill-neutral';
}
