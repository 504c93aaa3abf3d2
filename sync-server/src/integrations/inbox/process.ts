import { isDomainError } from '@forecourt/shared';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { ProviderName } from '../config.ts';
import type { JobHandler } from '../queue/job-queue.ts';
import { loadEvent, markDone, markFailed, type InboxRow } from './inbox.ts';

/** What applying one event did, for the owner's event log. */
export interface EffectOutcome {
  readonly status: 'processed' | 'ignored';
  /** The tenant the event belongs to, once known (from metadata or a stored link). */
  readonly tenantId: string | null;
  /** One line for the event log: what changed, or why nothing did. */
  readonly result: string;
}

export type EventEffect = (event: InboxRow) => Promise<EffectOutcome>;

/**
 * An effect's failure with the tenant it belongs to, so the failed (and later dead) event shows in
 * that owner's event log. `message` is fit for the log; `cause` keeps the original for ours.
 */
export class EffectError extends Error {
  constructor(
    message: string,
    readonly tenantId: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EffectError';
  }

  static from(error: unknown, tenantId: string | null): EffectError {
    return new EffectError(publicMessage(error), tenantId, { cause: error });
  }

  /** True when the cause is a bug or an outage rather than an expected refusal. */
  get unexpected(): boolean {
    return this.cause !== undefined && !isDomainError(this.cause);
  }
}

/** A message fit for the event log: ours are; anything else is named by its class only. */
function publicMessage(error: unknown): string {
  if (error instanceof EffectError || isDomainError(error)) return error.message;
  if (error instanceof Error) return `${error.name}: processing failed`;
  return 'processing failed';
}

/**
 * The inbox job: loads the stored event, applies its provider's effect and records the outcome.
 * Already processed events are skipped (a job can run twice: a worker that died after committing
 * the effect but before completing the job). A failure is recorded and rethrown, so pg-boss retries
 * it with backoff; on the last attempt the event becomes a dead letter an owner can retry.
 */
export function inboxJob(deps: {
  readonly db: Database;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly effects: Readonly<Record<ProviderName, EventEffect>>;
}): JobHandler {
  return async (data, attempt) => {
    const inboxId = typeof data.inboxId === 'string' ? data.inboxId : null;
    if (!inboxId) return;
    const event = await loadEvent(deps.db, inboxId);
    if (!event || event.status === 'processed' || event.status === 'ignored') return;
    try {
      const outcome = await deps.effects[event.provider](event);
      await markDone(deps.db, event.id, outcome, new Date(deps.clock()).toISOString());
      deps.logger.info(
        { provider: event.provider, eventType: event.event_type, inboxId: event.id, status: outcome.status },
        'webhook processed',
      );
    } catch (error) {
      const tenantId = error instanceof EffectError ? error.tenantId : null;
      await markFailed(deps.db, event.id, { dead: attempt.final, tenantId, error: publicMessage(error) });
      const unexpected = error instanceof EffectError ? error.unexpected : !isDomainError(error);
      if (unexpected) {
        const cause = error instanceof EffectError ? error.cause : error;
        deps.logger.error({ err: cause, inboxId: event.id, provider: event.provider }, 'webhook effect failed');
      }
      throw error;
    }
  };
}
