import type PgBoss from 'pg-boss';
import type { IntegrationsConfig } from '../config.ts';

/**
 * The queues of the hub and their retry policies. pg-boss defaults (2 retries, no backoff) are
 * never relied on: every send names its retry limit, delay, backoff and expiry explicitly.
 *
 * Serialisation per entity is not a queue policy: pg-boss 10's `singleton` policy throws a unique
 * violation from fetch when a second job of an active key is fetched, which would stall the whole
 * batch. Effects instead take a transaction-scoped advisory lock on the entity key
 * (effects/entity-write.ts) and compare against the stored state under it, so two jobs for one
 * payment intent or one vehicle apply one after the other, in any order, monotonically.
 */
export const QUEUES = {
  /** Process one stored webhook (data: { inboxId }). */
  inbox: 'integrations-inbox',
  /** One outbound call to a provider (data: { callId }). */
  outbound: 'integrations-outbound',
  /** Re-fetch provider state (data: { provider }). */
  reconcile: 'integrations-reconcile',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Retry policy per queue. Inbox effects retry long (providers retry for a day or three, and an
 * effect that fails is usually the database); outbound calls retry less, each with the same
 * idempotency key; reconciliation simply runs again at its next tick.
 */
export function sendOptions(config: IntegrationsConfig, queue: QueueName): PgBoss.SendOptions {
  const base = {
    retryDelay: config.queue.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: config.queue.expireInSeconds,
    retentionDays: 7,
  };
  switch (queue) {
    case QUEUES.inbox:
      return { ...base, retryLimit: config.queue.retryLimit };
    case QUEUES.outbound:
      return { ...base, retryLimit: Math.min(config.queue.retryLimit, 8) };
    case QUEUES.reconcile:
      return { ...base, retryLimit: 2 };
  }
}

export async function createQueues(boss: PgBoss, config: IntegrationsConfig): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    const options = sendOptions(config, name);
    await boss.createQueue(name, {
      name,
      policy: 'standard',
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelay,
      retryBackoff: true,
      expireInSeconds: config.queue.expireInSeconds,
      retentionDays: 7,
    });
  }
}
