import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { JobHandler } from '../queue/job-queue.ts';
import { ProviderError } from '../providers/provider-error.ts';
import { loadCall, moveCall, type CallRow } from './calls.ts';

/**
 * One kind of outbound call. `perform` is called with the call already moved to `sending`; it
 * returns the provider's answer to keep, or throws. A ProviderError that is retryable is retried
 * with the same idempotency key — unless the operation is `unsafeToRepeat` (an SMS: Twilio has no
 * idempotency key), in which case an ambiguous outcome is recorded and never retried blindly.
 */
export interface OutboundOperation {
  readonly unsafeToRepeat: boolean;
  perform(call: CallRow): Promise<Record<string, unknown>>;
  /** Records an outcome that did not come from `perform` (ambiguous or failed) on the business row. */
  onGiveUp?(call: CallRow, outcome: 'ambiguous' | 'failed', error: ProviderError | null): Promise<void>;
}

export function outboundJob(deps: {
  readonly db: Database;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly operations: Readonly<Record<string, OutboundOperation>>;
}): JobHandler {
  const now = () => new Date(deps.clock()).toISOString();
  return async (data, attempt) => {
    const call = typeof data.callId === 'string' ? await loadCall(deps.db, data.callId) : null;
    if (!call || call.status === 'done' || call.status === 'failed' || call.status === 'ambiguous') return;
    const operation = deps.operations[call.operation];
    if (!operation) throw new Error(`no handler for outbound operation ${call.operation}`);
    if (call.status === 'sending' && operation.unsafeToRepeat) {
      // A previous run died after starting the call: whether it reached the provider is unknown.
      await moveCall(deps.db, call.id, ['sending'], 'ambiguous', {
        error: 'the worker stopped during the call',
        nowIso: now(),
      });
      await operation.onGiveUp?.(call, 'ambiguous', null);
      return;
    }
    await moveCall(deps.db, call.id, ['queued', 'sending', 'dead'], 'sending', { nowIso: now(), attempt: true });
    try {
      const response = await operation.perform(call);
      await moveCall(deps.db, call.id, ['sending'], 'done', { response, nowIso: now() });
    } catch (error) {
      await settleFailure(deps, call, operation, error, attempt.final);
    }
  };
}

async function settleFailure(
  deps: { db: Database; clock: () => number; logger: Logger },
  call: CallRow,
  operation: OutboundOperation,
  error: unknown,
  final: boolean,
): Promise<void> {
  const nowIso = new Date(deps.clock()).toISOString();
  const providerError = error instanceof ProviderError ? error : null;
  const message = providerError
    ? `${providerError.status ?? 'no answer'} ${providerError.code ?? ''} ${providerError.message}`.trim()
    : 'call failed';
  deps.logger.warn(
    {
      callId: call.id,
      operation: call.operation,
      status: providerError?.status ?? null,
      code: providerError?.code ?? null,
    },
    'outbound call failed',
  );
  if (providerError && operation.unsafeToRepeat && providerError.ambiguous) {
    await moveCall(deps.db, call.id, ['sending'], 'ambiguous', { error: message, nowIso });
    await operation.onGiveUp?.(call, 'ambiguous', providerError);
    return;
  }
  if (providerError && !providerError.retryable) {
    await moveCall(deps.db, call.id, ['sending'], 'failed', { error: message, nowIso });
    await operation.onGiveUp?.(call, 'failed', providerError);
    return;
  }
  // Retryable: back to queued (or dead on the last attempt) and let pg-boss retry with backoff.
  await moveCall(deps.db, call.id, ['sending'], final ? 'dead' : 'queued', { error: message, nowIso });
  if (!providerError) deps.logger.error({ err: error, callId: call.id }, 'outbound call raised');
  throw error instanceof Error ? error : new Error(message);
}
