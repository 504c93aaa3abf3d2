import type { Database } from '../../db/database.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { QUEUES } from '../queue/queues.ts';
import { insertEvents, requeueDead, type IncomingEvent } from './inbox.ts';

export interface ReceiveDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
}

/** Events of one flush at most; a busier moment takes several flushes in a row. */
const MAX_BATCH_EVENTS = 500;
/**
 * Transactions in flight at once: while one waits for its WAL flush the next is already
 * inserting. PGlite has one connection, so more would only queue there.
 */
const FLUSHERS = { postgres: 2, pglite: 1 } as const;

interface Waiting {
  readonly events: readonly IncomingEvent[];
  resolve(result: { stored: number; queued: number }): void;
  reject(error: unknown): void;
}

export type Receive = (events: readonly IncomingEvent[]) => Promise<{ stored: number; queued: number }>;

/**
 * Stores verified events and enqueues their processing in one transaction: either both are
 * committed or neither, so an event is never stored without its job nor processed unstored, and
 * a 2xx is only answered after the commit. A duplicate (same provider and key) is skipped without
 * a job. Requests arriving while a transaction commits are written together by the next one (group
 * commit): one WAL flush serves many webhooks, and an idle server still writes each at once.
 */
export function createReceiver(deps: ReceiveDeps): Receive {
  const waiting: Waiting[] = [];
  let flushing = 0;

  async function flush(): Promise<void> {
    flushing += 1;
    while (waiting.length > 0) {
      const batch: Waiting[] = [];
      let size = 0;
      while (
        waiting.length > 0 &&
        (batch.length === 0 || size + (waiting[0]?.events.length ?? 0) <= MAX_BATCH_EVENTS)
      ) {
        const next = waiting.shift();
        if (!next) break;
        batch.push(next);
        size += next.events.length;
      }
      await writeBatch(deps, batch);
    }
    flushing -= 1;
  }

  return (events) =>
    new Promise((resolve, reject) => {
      waiting.push({ events, resolve, reject });
      if (flushing < FLUSHERS[deps.db.kind]) void flush();
    });
}

async function writeBatch(deps: ReceiveDeps, batch: readonly Waiting[]): Promise<void> {
  const nowIso = new Date(deps.clock()).toISOString();
  try {
    const inserted = await deps.db.transaction(async (tx) => {
      const rows = await insertEvents(
        tx,
        batch.flatMap((waiting) => waiting.events),
        nowIso,
      );
      await deps.queue.enqueue(
        tx,
        QUEUES.inbox,
        rows.filter((row) => row.queued).map((row) => ({ inboxId: row.id })),
      );
      return rows;
    });
    const queuedKeys = new Set(
      inserted.filter((row) => row.queued).map((row) => `${row.provider}\u0000${row.eventKey}`),
    );
    if (queuedKeys.size > 0) deps.queue.wake(QUEUES.inbox);
    for (const waiting of batch) {
      const queued = waiting.events.filter((event) =>
        queuedKeys.delete(`${event.provider}\u0000${event.eventKey}`),
      ).length;
      waiting.resolve({ stored: waiting.events.length, queued });
    }
  } catch (error) {
    for (const waiting of batch) waiting.reject(error);
  }
}

/** An owner's retry of a dead event: back to queued with a fresh job, in one transaction. */
export async function retryDeadEvent(deps: ReceiveDeps, tenantId: string, inboxId: string): Promise<boolean> {
  const requeued = await deps.db.transaction(async (tx) => {
    if (!(await requeueDead(tx, tenantId, inboxId))) return false;
    await deps.queue.enqueue(tx, QUEUES.inbox, [{ inboxId }]);
    return true;
  });
  if (requeued) deps.queue.wake(QUEUES.inbox);
  return requeued;
}
