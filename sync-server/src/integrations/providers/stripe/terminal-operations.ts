import type { Database, Queryable } from '../../../db/database.ts';
import type { CallRow } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import { ProviderError } from '../provider-error.ts';
import type { StripeIntent, StripeProvider } from './client.ts';
import { DEPOSIT_PURPOSE, applyHoldChange, intentView } from './deposit-effects.ts';
import { onHoldFailed, onIntent } from './deposit-hold-state.ts';
import { TERMINAL_OPERATIONS, isOpenAttempt, moveAttempt, nowIsoOf, type AttemptRow } from './terminal.ts';

/**
 * The outbound side of the card-present flows (terminal.ts): the queued calls that create the
 * intent and hand it to the reader, and that stop the reader when the counter cancels.
 */
interface OperationDeps {
  readonly db: Database;
  readonly clock: () => number;
  readonly provider: StripeProvider;
}

async function loadAttempt(db: Queryable, call: CallRow): Promise<AttemptRow | null> {
  const found = await db.query<AttemptRow>('SELECT * FROM terminal_attempts WHERE id = $1 AND tenant_id = $2', [
    String(call.request.attemptId),
    call.tenant_id,
  ]);
  return found.rows[0] ?? null;
}

/** The intent as the deposit transitions read it; a card-present hold's default expiry applies. */
const cardPresentView = (intent: StripeIntent, requestId: string) =>
  intentView({ ...intent, payment_method_types: ['card_present'] }, requestId);

function metadataOf(attempt: AttemptRow): Record<string, string> {
  const common = { tenant_id: attempt.tenant_id, site_id: attempt.site_id, terminal_attempt_id: attempt.id };
  if (attempt.purpose === 'rental-deposit')
    return { ...common, contract_id: String(attempt.contract_id), purpose: DEPOSIT_PURPOSE, request_id: attempt.id };
  return {
    ...common,
    job_id: String(attempt.job_id),
    payment_id: String(attempt.payment_id),
    recorded_by: attempt.created_by,
    kind: String(attempt.kind),
    method: 'card',
  };
}

const REFUSALS: Readonly<Record<string, string>> = {
  terminal_reader_offline: 'the reader is offline',
  terminal_reader_busy: 'the reader is busy with another payment',
  terminal_reader_timeout: 'the reader did not answer in time',
  terminal_reader_hardware_fault: 'the reader reported a hardware fault',
};

/** Stops the reader and cancels the intent if it took no money. Errors of "nothing to cancel" are fine. */
async function cancelAtStripe(deps: OperationDeps, attempt: AttemptRow, key: string): Promise<string | null> {
  try {
    await deps.provider.terminal.cancelAction({ readerId: attempt.stripe_reader_id, idempotencyKey: `${key}:action` });
  } catch (error) {
    const settled =
      error instanceof ProviderError && error.status !== null && error.status < 500 && error.status !== 429;
    if (!settled) throw error;
  }
  if (!attempt.intent_id) return null;
  const intent = await deps.provider.terminal.retrieveIntent(attempt.intent_id);
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status))
    return intent.status;
  const canceled = await deps.provider.terminal.cancelIntent({
    intentId: attempt.intent_id,
    idempotencyKey: `${key}:intent`,
  });
  return canceled.status;
}

export function terminalOperations(deps: OperationDeps): Record<string, OutboundOperation> {
  const terminal = deps.provider.terminal;
  return {
    [TERMINAL_OPERATIONS.collect]: {
      unsafeToRepeat: false,
      async perform(call) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return { skipped: 'attempt removed' };
        if (!isOpenAttempt(attempt.status)) return { skipped: `attempt ${attempt.status}` };
        const deposit = attempt.purpose === 'rental-deposit';
        const intent = await terminal.createIntent({
          amountMinor: Number(attempt.amount_minor),
          currency: attempt.currency,
          description: deposit ? 'Rental deposit (card on reader)' : 'Workshop invoice (card on reader)',
          manualCapture: deposit,
          metadata: metadataOf(attempt),
          idempotencyKey: `${call.idempotency_key}:intent`,
        });
        await deps.db.query(
          'UPDATE terminal_attempts SET intent_id = $2, updated_at = $3 WHERE id = $1 AND intent_id IS NULL',
          [attempt.id, intent.id, nowIsoOf(deps)],
        );
        if (deposit && attempt.contract_id) {
          await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
            onIntent(contract, cardPresentView(intent, attempt.id)),
          );
        }
        const reader = await terminal.processPaymentIntent({
          readerId: attempt.stripe_reader_id,
          intentId: intent.id,
          idempotencyKey: `${call.idempotency_key}:process`,
        });
        await moveAttempt(deps.db, attempt.tenant_id, attempt.id, 'waiting', null, nowIsoOf(deps));
        // Cancelled at the counter while the reader was being handed the intent: stop it now.
        const after = await loadAttempt(deps.db, call);
        if (after?.status === 'canceled')
          await cancelAtStripe(deps, { ...after, intent_id: intent.id }, call.idempotency_key);
        return { intentId: intent.id, readerAction: reader.action?.status ?? null };
      },
      async onGiveUp(call, outcome, error) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return;
        const reason =
          outcome === 'ambiguous'
            ? 'no answer from Stripe'
            : ((error?.code ? REFUSALS[error.code] : undefined) ?? `refused by Stripe: ${error?.message ?? ''}`.trim());
        await moveAttempt(deps.db, attempt.tenant_id, attempt.id, 'failed', reason, nowIsoOf(deps));
        if (attempt.contract_id) {
          await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
            onHoldFailed(contract, { intentId: attempt.intent_id, requestId: attempt.id }, reason),
          );
        }
      },
    },
    [TERMINAL_OPERATIONS.cancel]: {
      unsafeToRepeat: false,
      async perform(call) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return { skipped: 'attempt removed' };
        // No intent yet: the collect call sees the cancellation and never hands one to the reader.
        if (!attempt.intent_id) return { skipped: 'nothing at Stripe yet' };
        return { intentStatus: await cancelAtStripe(deps, attempt, call.idempotency_key) };
      },
    },
  };
}

// ---- webhook effects ----
