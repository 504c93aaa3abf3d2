import { statusLabel, text } from '../../lib/format.ts';

/**
 * Every registered mutation as the sync panel names it, so a queued or refused change reads as a
 * person would say it ("Cash handed over (settlement) — 3 payments, ₹4,500.00"), never as
 * `settlement.create — PaymentIds, AmountMinor`. mutation-words.test.ts fails when a mutation in
 * the registry has no entry here: add one with the mutation.
 *
 * `title` stands alone; `onRecord` follows the record's name when the change targets a job,
 * customer or vehicle this PC knows ("Job BLR1A-00042 line added"); `detail` is the key input.
 */
export interface MutationWords {
  readonly title: string;
  readonly onRecord?: string;
  readonly detail?: (values: Record<string, unknown>, money: (minor: number) => string) => string;
  /** An edit of some fields: the detail lists which ones. */
  readonly listsFields?: true;
}

const quoted = (key: string) => (values: Record<string, unknown>) =>
  text(values[key]) ? `“${text(values[key])}”` : '';
const field = (key: string) => (values: Record<string, unknown>) => text(values[key]);
const amount = (key: string) => (values: Record<string, unknown>, money: (minor: number) => string) =>
  typeof values[key] === 'number' ? money(values[key]) : '';
const period = (values: Record<string, unknown>) =>
  [text(values.startsAt).slice(0, 10), text(values.endsAt).slice(0, 10)].filter(Boolean).join(' → ');

function paymentDetail(values: Record<string, unknown>, money: (minor: number) => string): string {
  const how = [text(values.kind), text(values.method)].filter(Boolean).join(', ');
  return [amount('amountMinor')(values, money), how ? `(${how})` : ''].filter(Boolean).join(' ');
}

function settlementDetail(values: Record<string, unknown>, money: (minor: number) => string): string {
  const count = Array.isArray(values.paymentIds) ? values.paymentIds.length : 0;
  const payments = `${count} payment${count === 1 ? '' : 's'}`;
  return [payments, amount('amountMinor')(values, money)].filter(Boolean).join(', ');
}

export const MUTATION_WORDS: Readonly<Record<string, MutationWords>> = {
  'customer.create': { title: 'New customer', detail: field('name') },
  'customer.update': { title: 'Customer changed', onRecord: 'changed', listsFields: true },
  'customer.delete': { title: 'Customer deleted', onRecord: 'deleted' },
  'vehicle.create': { title: 'New vehicle', detail: field('registration') },
  'vehicle.update': { title: 'Vehicle changed', onRecord: 'changed', listsFields: true },
  'job.create': { title: 'New job', detail: field('concern') },
  'job.intake': { title: 'New job (intake)', detail: field('concern') },
  'job.update': { title: 'Job changed', onRecord: 'changed', listsFields: true },
  'job.setStatus': { title: 'Job status', onRecord: 'status', detail: (v) => `→ ${statusLabel(v.status)}` },
  'job.addNote': { title: 'Job note', onRecord: 'note', detail: quoted('body') },
  'site.update': { title: 'Workshop details changed', listsFields: true },
  'workshop.updateProfile': { title: 'Workshop document details changed', listsFields: true },
  'conflict.resolve': {
    title: 'Conflict resolved',
    detail: (v) => (v.action === 'restore' ? 'restore the lost value' : 'keep the current value'),
  },
  'jobLine.add': { title: 'Job line added', onRecord: 'line added', detail: field('description') },
  'jobLine.addCanned': { title: 'Canned job added to a job', onRecord: 'canned job added' },
  'jobLine.update': { title: 'Job line changed', onRecord: 'line changed', detail: field('description') },
  'jobLine.remove': { title: 'Job line removed', onRecord: 'line removed' },
  'cannedJob.save': { title: 'Canned job saved', detail: field('name') },
  'cannedJob.retire': { title: 'Canned job retired' },
  'payment.record': { title: 'Payment recorded', onRecord: 'payment recorded', detail: paymentDetail },
  'payment.confirm': { title: 'Payment confirmed' },
  'payment.markFailed': { title: 'Payment marked failed', detail: quoted('reason') },
  'settlement.create': { title: 'Cash handed over (settlement)', detail: settlementDetail },
  'settlement.confirm': { title: 'Settlement confirmed (cash received)' },
  'settlement.reject': { title: 'Settlement rejected', detail: quoted('reason') },
  'invoice.finalise': { title: 'Invoice finalised', onRecord: 'invoice finalised' },
  'invoice.creditNote': { title: 'Credit note issued', detail: quoted('reason') },
  'rental.accessoryCreate': { title: 'Rental accessory added', detail: field('name') },
  'rental.classCreate': { title: 'Vehicle class created', detail: field('name') },
  'rental.vehicleCreate': { title: 'Fleet vehicle added', detail: field('plate') },
  'rental.vehicleSetStatus': { title: 'Fleet vehicle status', detail: (v) => `→ ${text(v.status).replace(/_/g, ' ')}` },
  'rental.maintenanceBlock': { title: 'Vehicle blocked for maintenance', detail: period },
  'rental.maintenanceComplete': { title: 'Maintenance completed' },
  'rental.customerCreate': { title: 'New renter', detail: field('name') },
  'rental.customerUpdate': { title: 'Renter changed', listsFields: true },
  'rental.doNotRentAdd': { title: 'Added to the do-not-rent list', detail: field('name') },
  'rental.customerErase': { title: 'Renter’s personal data erased' },
  'rental.reservationCreate': { title: 'Reservation', detail: period },
  'rental.reservationReassign': { title: 'Reservation given another vehicle' },
  'rental.reservationCancel': { title: 'Reservation cancelled', detail: quoted('reason') },
  'rental.reservationNoShow': { title: 'Reservation marked no-show', detail: quoted('note') },
  'rental.contractOpen': {
    title: 'Rental contract opened',
    detail: (v) => (v.kmOut ? `${String(v.kmOut)} km out` : ''),
  },
  'rental.contractReturn': {
    title: 'Rental vehicle returned',
    detail: (v) => (v.kmIn ? `${String(v.kmIn)} km in` : ''),
  },
  'rental.contractClose': { title: 'Rental contract closed' },
  'rental.contractCancel': { title: 'Rental contract cancelled', detail: quoted('reason') },
  'rental.paymentRecord': { title: 'Rental payment recorded', detail: paymentDetail },
  'blob.register': { title: 'File stored (photo, signature or PDF)', detail: (v) => text(v.role) },
};
