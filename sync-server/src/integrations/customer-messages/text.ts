import { formatMoney } from '@forecourt/shared/domain/garage/money';

/** What a customer message is about; part of its deterministic id, so never renamed. */
export type CustomerMessagePurpose = 'job_ready' | 'payment_receipt';

export interface JobFacts {
  /** The site's name: the workshop the customer knows. */
  readonly workshop: string;
  readonly jobNumber: string;
  readonly registration: string | null;
  /** The tenant's country (IN, CH): the wording of the pickup sentence. */
  readonly country: string;
}

/** "Rao Motors: your vehicle KA 01 AB 1234 is ready for pickup (job BLR1A-0001)." */
export function jobReadyText(job: JobFacts): string {
  const vehicle = job.registration ? `your vehicle ${job.registration}` : 'your vehicle';
  const pickup = job.country === 'CH' ? 'ready for collection' : 'ready for pickup';
  return `${job.workshop}: ${vehicle} is ${pickup} (job ${job.jobNumber}).`;
}

/**
 * "Rao Motors: we received ₹1,500.00 for job BLR1A-0001. Thank you." The amount is formatted by
 * its currency: ₹ with Indian grouping for INR, "CHF 1’500.00" for CHF.
 */
export function paymentReceiptText(job: JobFacts, amountMinor: number, currency: string): string {
  return `${job.workshop}: we received ${formatMoney(amountMinor, currency)} for job ${job.jobNumber}. Thank you.`;
}
