import { isUuid } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import type { EffectOutcome } from '../../inbox/process.ts';
import { applyHoldChange } from './deposit-effects.ts';
import { onHoldFailed } from './deposit-hold-state.ts';
import { moveAttempt, nowIsoOf, type AttemptRow, type AttemptStatus } from './terminal.ts';

/**
 * The webhook side of the card-present flows (terminal.ts): what a PaymentIntent's or a reader's
 * event says about the counter's attempt, once the money rows exist.
 */
type StripeObject = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const objectOf = (value: unknown): StripeObject | null =>
  value && typeof value === 'object' ? (value as StripeObject) : null; // a nested Stripe object, read field by field

/** A PaymentIntent we handed to a reader (its metadata names the attempt). */
export function isTerminalIntent(object: StripeObject): boolean {
  return str(object.id)?.startsWith('pi_') === true && str(objectOf(object.metadata)?.terminal_attempt_id) !== null;
}

export const isTerminalReader = (object: StripeObject): boolean => object.object === 'terminal.reader';

function declineOf(object: StripeObject): string {
  const error = objectOf(object.last_payment_error);
  return str(error?.message) ?? str(error?.decline_code) ?? str(error?.code) ?? 'the card was declined';
}

/** What an intent's event says about its attempt, after the money rows were written. */
export async function noteTerminalIntent(
  deps: { db: Database; clock: () => number },
  type: string,
  object: StripeObject,
): Promise<boolean> {
  const metadata = objectOf(object.metadata) ?? {};
  const tenantId = str(metadata.tenant_id);
  const attemptId = str(metadata.terminal_attempt_id);
  if (!tenantId || !attemptId || !isUuid(tenantId)) return false;
  const next: Readonly<Record<string, [AttemptStatus, string | null]>> = {
    'payment_intent.succeeded': ['succeeded', null],
    'payment_intent.amount_capturable_updated': ['succeeded', null],
    'payment_intent.payment_failed': ['failed', declineOf(object)],
    'payment_intent.canceled': ['canceled', 'cancelled'],
  };
  const step = next[type];
  if (!step) return false;
  if (type === 'payment_intent.amount_capturable_updated' && object.status !== 'requires_capture') return false;
  return moveAttempt(deps.db, tenantId, attemptId, step[0], step[1], nowIsoOf(deps));
}

/** Whether the attempt's money is on record: the job's payment confirmed, or the contract's hold held. */
async function moneyRecorded(db: Database, attempt: AttemptRow, intentId: string): Promise<boolean> {
  if (attempt.purpose === 'job-payment') {
    const payment = await db.query<{ status: string }>('SELECT status FROM payments WHERE id = $1 AND tenant_id = $2', [
      attempt.payment_id,
      attempt.tenant_id,
    ]);
    const status = payment.rows[0]?.status;
    return status === 'confirmed' || status === 'refunded' || status === 'disputed';
  }
  const contract = await db.query<{ deposit_hold_status: string | null; deposit_hold_ref: string | null }>(
    'SELECT deposit_hold_status, deposit_hold_ref FROM rental_contracts WHERE id = $1 AND tenant_id = $2',
    [attempt.contract_id, attempt.tenant_id],
  );
  const hold = contract.rows[0];
  return (
    hold?.deposit_hold_ref === intentId &&
    ['authorized', 'captured', 'released', 'expired'].includes(String(hold.deposit_hold_status))
  );
}

/**
 * `terminal.reader.action_succeeded` / `action_failed`: the reader's last action, joined to its
 * attempt by the intent it processed. A failed action of a deposit hold fails the hold (not yet
 * authorized only). Replays and late events change nothing.
 */
export async function terminalReaderEffect(
  deps: { db: Database; clock: () => number },
  type: string,
  reader: StripeObject,
): Promise<EffectOutcome> {
  const action = objectOf(reader.action);
  const process = objectOf(action?.process_payment_intent);
  const intentRef = process?.payment_intent;
  const intentId = typeof intentRef === 'string' ? intentRef : str(objectOf(intentRef)?.id);
  const readerId = str(reader.id);
  if (!action || !intentId || !readerId)
    return { status: 'ignored', tenantId: null, result: 'reader event without a processed payment intent' };
  const found = await deps.db.query<AttemptRow>(
    'SELECT * FROM terminal_attempts WHERE intent_id = $1 AND stripe_reader_id = $2',
    [intentId, readerId],
  );
  const attempt = found.rows[0];
  if (!attempt) return { status: 'ignored', tenantId: null, result: 'no Forecourt attempt for this reader action' };
  const succeeded = type === 'terminal.reader.action_succeeded' && action.status === 'succeeded';
  const failed = type === 'terminal.reader.action_failed' && action.status === 'failed';
  if (!succeeded && !failed) return { status: 'processed', tenantId: attempt.tenant_id, result: 'no change' };
  const message = failed ? (str(action.failure_message) ?? str(action.failure_code) ?? 'the reader failed') : null;
  // The counter shows "paid" only once the money is on record: the intent's own event (processed
  // in parallel, maybe later) writes the payment or the hold and then moves the attempt itself.
  if (succeeded && !(await moneyRecorded(deps.db, attempt, intentId)))
    return {
      status: 'processed',
      tenantId: attempt.tenant_id,
      result: 'reader done; the payment intent’s event records the money',
    };
  const moved = await moveAttempt(
    deps.db,
    attempt.tenant_id,
    attempt.id,
    succeeded ? 'succeeded' : 'failed',
    message,
    nowIsoOf(deps),
  );
  let hold = '';
  if (failed && attempt.contract_id) {
    hold = `; ${await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
      onHoldFailed(contract, { intentId, requestId: attempt.id }, `card declined: ${message ?? ''}`.trim()),
    )}`;
  }
  return {
    status: 'processed',
    tenantId: attempt.tenant_id,
    result: `${moved ? `reader payment ${succeeded ? 'succeeded' : 'failed'}` : 'no change (attempt settled)'}${hold}`,
  };
}
