import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, OWNER_ONLY, update, WRITE_ROLES, type Change } from '../../mutations/types.ts';
import { Id, OptionalText, requireFound } from '../common.ts';
import { formatMoney } from './money.ts';
import { int, requireOpenJob, text, timeline } from './rows.ts';

/** Largest single payment accepted: 10^11 minor units (₹1,00,00,00,000.00). */
const MAX_AMOUNT = 100_000_000_000;

function describePayment(payment: Readonly<Record<string, unknown>>): string {
  const amount = formatMoney(int(payment.amount_minor) ?? 0, text(payment.currency) ?? 'INR');
  return `${amount} ${String(payment.method).replace('_', ' ')} (${String(payment.kind)})`;
}

/** Timeline entry for a payment of a job; payments of rental contracts have none. */
function paymentTimeline(
  ctx: Parameters<typeof timeline>[0],
  payment: Readonly<Record<string, unknown>>,
  body: string,
): Change[] {
  return payment.job_id ? [timeline(ctx, { id: payment.job_id, site_id: payment.site_id }, 'payment', body)] : [];
}

export const paymentRecord = defineMutation({
  name: 'payment.record',
  description: 'Record money received for a job; unconfirmed until an owner confirms it',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      jobId: Id,
      kind: Type.Enum(['advance', 'partial', 'final']),
      method: Type.Enum(['cash', 'upi', 'card', 'bank_transfer']),
      amountMinor: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT }),
      reference: OptionalText(100),
      note: OptionalText(500),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ job: get('jobs', input.jobId) }),
  decide(input, state, ctx) {
    const job = requireFound(state.job, 'job');
    requireOpenJob(job);
    const id = ctx.newId();
    // The owner is the authority that confirms: money the owner takes in is confirmed as it is recorded.
    const byOwner = ctx.actor.role === 'owner';
    const payment = {
      id,
      site_id: job.site_id,
      job_id: job.id,
      kind: input.kind,
      method: input.method,
      amount_minor: input.amountMinor,
      currency: job.currency,
      reference: input.reference?.trim() || null,
      note: input.note?.trim() || null,
      status: byOwner ? 'confirmed' : 'unconfirmed',
      recorded_by: ctx.actor.userId,
      confirmed_by: byOwner ? ctx.actor.userId : null,
      confirmed_at: byOwner ? ctx.now : null,
    };
    return {
      changes: [
        insert('payments', payment),
        ...paymentTimeline(ctx, payment, `Payment ${describePayment(payment)} recorded`),
      ],
      result: { paymentId: id, status: payment.status },
    };
  },
});

export const paymentConfirm = defineMutation({
  name: 'payment.confirm',
  description: 'Confirm a recorded payment (owners only; the server enforces it)',
  roles: OWNER_ONLY,
  input: Type.Object({ paymentId: Id }, { additionalProperties: false }),
  load: (input) => ({ payment: get('payments', input.paymentId) }),
  decide(_input, state, ctx) {
    const payment = requireFound(state.payment, 'payment');
    // Confirming twice (two offline devices of the owner) is harmless: the first one stands.
    if (payment.status === 'confirmed')
      return { changes: [], result: { paymentId: payment.id, alreadyConfirmed: true } };
    if (payment.status !== 'unconfirmed') {
      throw new DomainError('conflict', `a ${String(payment.status)} payment cannot be confirmed`);
    }
    return {
      changes: [
        update('payments', payment.id, { status: 'confirmed', confirmed_by: ctx.actor.userId, confirmed_at: ctx.now }),
        ...paymentTimeline(ctx, payment, `Payment ${describePayment(payment)} confirmed`),
      ],
      result: { paymentId: payment.id, alreadyConfirmed: false },
    };
  },
});

export const paymentMarkFailed = defineMutation({
  name: 'payment.markFailed',
  description: 'Mark a payment as failed (bounced transfer, reversed UPI), with the reason (owners only)',
  roles: OWNER_ONLY,
  input: Type.Object(
    { paymentId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ payment: get('payments', input.paymentId) }),
  decide(input, state, ctx) {
    const payment = requireFound(state.payment, 'payment');
    if (payment.status !== 'unconfirmed' && payment.status !== 'confirmed') {
      throw new DomainError('conflict', `a ${String(payment.status)} payment cannot be marked failed`);
    }
    if (payment.settlement_id) {
      throw new DomainError('conflict', 'the payment is part of a settlement; reject the settlement first');
    }
    return {
      changes: [
        update('payments', payment.id, { status: 'failed', status_reason: input.reason.trim() }),
        ...paymentTimeline(ctx, payment, `Payment ${describePayment(payment)} failed: ${input.reason.trim()}`),
      ],
    };
  },
});
