import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  OWNER_ONLY,
  update,
  type Change,
  type ReadRequest,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, OptionalText, requireFound } from '../common.ts';
import { paymentNetMinor } from './balance.ts';
import { formatMoney } from './money.ts';
import { text } from './rows.ts';

/**
 * A manager hands the cash collected to the owner. A settlement lists its payments; each payment
 * takes the settlement's id, so a payment is settled once: of two offline settlements naming the
 * same payment, the server accepts the first and rejects the second with the reason.
 */
const SETTLING_ROLES = ['manager', 'staff'] as const;

/** A payment as the manager knows it, by method and amount, not by id: the reason reaches the sync panel. */
function paymentLabel(payment: Row): string {
  const amount = formatMoney(paymentNetMinor(payment), text(payment.currency) ?? 'INR');
  return `the ${String(payment.method).replace('_', ' ')} payment of ${amount}`;
}

function checkSettleable(payment: Row, siteId: unknown, currency: unknown): void {
  const what = paymentLabel(payment);
  if (payment.method !== 'cash') throw new DomainError('invalid', `${what} is not cash; only cash is handed over`);
  if (payment.kind === 'refund') throw new DomainError('invalid', `${what} is a refund`);
  if (payment.status !== 'unconfirmed' && payment.status !== 'confirmed') {
    throw new DomainError('conflict', `${what} is ${String(payment.status)}`);
  }
  if (payment.settlement_id) {
    throw new DomainError('conflict', `${what} is already in settlement; each payment is handed over once`);
  }
  if (payment.site_id !== siteId) throw new DomainError('invalid', 'a settlement covers the payments of one site');
  if (payment.currency !== currency) throw new DomainError('invalid', 'a settlement covers payments of one currency');
}

export const settlementCreate = defineMutation({
  name: 'settlement.create',
  description: 'Hand collected cash to the owner: the payments it covers and its amount',
  roles: SETTLING_ROLES,
  input: Type.Object(
    {
      paymentIds: Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }),
      /** The cash counted; when given it must equal the payments' sum. */
      amountMinor: Type.Optional(Type.Integer({ minimum: 0 })),
      note: OptionalText(500),
    },
    { additionalProperties: false },
  ),
  load: (input): Record<string, ReadRequest> =>
    Object.fromEntries(input.paymentIds.map((id, index) => [`p${index}`, get('payments', id)])),
  decide(input, state, ctx) {
    const payments = input.paymentIds.map((id, index) =>
      requireFound(state[`p${index}`] as Row | null, `payment ${id}`),
    );
    const first = payments[0];
    if (!first) throw new DomainError('invalid', 'a settlement needs at least one payment');
    for (const payment of payments) checkSettleable(payment, first.site_id, first.currency);
    const amount = payments.reduce((sum, payment) => sum + paymentNetMinor(payment), 0);
    const currency = text(first.currency) ?? 'INR';
    if (input.amountMinor !== undefined && input.amountMinor !== amount) {
      throw new DomainError(
        'invalid',
        `the cash counted (${formatMoney(input.amountMinor, currency)}) is not the payments' sum (${formatMoney(amount, currency)})`,
      );
    }
    const id = ctx.newId();
    const changes: Change[] = [
      insert('settlements', {
        id,
        site_id: first.site_id,
        manager_id: ctx.actor.userId,
        amount_minor: amount,
        currency,
        payment_ids: payments.map((payment) => payment.id),
        status: 'submitted',
        note: input.note?.trim() || null,
      }),
      ...payments.map((payment) => update('payments', payment.id, { settlement_id: id })),
    ];
    return { changes, result: { settlementId: id, amountMinor: amount } };
  },
});

export const settlementConfirm = defineMutation({
  name: 'settlement.confirm',
  description: 'Confirm the cash of a settlement was received; confirms its payments too (owners only)',
  roles: OWNER_ONLY,
  input: Type.Object({ settlementId: Id }, { additionalProperties: false }),
  load: (input) => ({
    settlement: get('settlements', input.settlementId),
    payments: find('payments', { settlement_id: input.settlementId }),
  }),
  decide(_input, state, ctx) {
    const settlement = requireFound(state.settlement, 'settlement');
    if (settlement.status === 'confirmed') return { changes: [], result: { alreadyConfirmed: true } };
    if (settlement.status !== 'submitted')
      throw new DomainError('conflict', `a ${String(settlement.status)} settlement cannot be confirmed`);
    const confirm = state.payments
      .filter((payment) => payment.status === 'unconfirmed' && !payment.deleted_at)
      .map((payment) =>
        update('payments', payment.id, { status: 'confirmed', confirmed_by: ctx.actor.userId, confirmed_at: ctx.now }),
      );
    return {
      changes: [
        update('settlements', settlement.id, {
          status: 'confirmed',
          confirmed_by: ctx.actor.userId,
          confirmed_at: ctx.now,
        }),
        ...confirm,
      ],
      result: { alreadyConfirmed: false, paymentsConfirmed: confirm.length },
    };
  },
});

export const settlementReject = defineMutation({
  name: 'settlement.reject',
  description: 'Reject a settlement (the cash did not match); its payments can be settled again (owners only)',
  roles: OWNER_ONLY,
  input: Type.Object(
    { settlementId: Id, reason: Type.String({ minLength: 1, maxLength: 500 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({
    settlement: get('settlements', input.settlementId),
    payments: find('payments', { settlement_id: input.settlementId }),
  }),
  decide(input, state) {
    const settlement = requireFound(state.settlement, 'settlement');
    if (settlement.status !== 'submitted')
      throw new DomainError('conflict', `a ${String(settlement.status)} settlement cannot be rejected`);
    return {
      changes: [
        update('settlements', settlement.id, { status: 'rejected', reject_reason: input.reason.trim() }),
        ...state.payments.map((payment) => update('payments', payment.id, { settlement_id: null })),
      ],
    };
  },
});
