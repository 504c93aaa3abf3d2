import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../../db/database.ts';
import type { IntegrationsConfig } from '../config.ts';
import { bossDb, createBoss } from './boss.ts';
import { createQueues, QUEUES, sendOptions, type QueueName } from './queues.ts';

export interface JobAttempt {
  readonly jobId: string;
  /** Retries so far (0 on the first run). */
  readonly retryCount: number;
  /** True when a failure now exhausts the retry limit: the job becomes a dead letter. */
  readonly final: boolean;
}

export type JobHandler = (data: Record<string, unknown>, attempt: JobAttempt) => Promise<void>;

/** The hub's use of pg-boss: enqueue inside a caller's transaction, work, wake, stop. */
export interface JobQueue {
  /** Enqueues one job per id on the caller's transaction: committed or rolled back with it. */
  enqueue(tx: Queryable, queue: QueueName, payloads: ReadonlyArray<Record<string, unknown>>): Promise<void>;
  /** Enqueues at most one job per key and time slot across every instance (periodic work). */
  enqueueThrottled(queue: QueueName, data: Record<string, unknown>, key: string, seconds: number): Promise<void>;
  /** Starts the workers of this process; `wake` then skips the poll interval for local enqueues. */
  work(handlers: Readonly<Record<QueueName, JobHandler>>, concurrency: number): Promise<void>;
  wake(queue: QueueName): void;
  stop(): Promise<void>;
}

export async function startJobQueue(
  db: Database,
  config: IntegrationsConfig,
  logger: Logger,
  options: { supervise: boolean },
): Promise<JobQueue> {
  const boss = createBoss(db, config, logger, options);
  await boss.start();
  await createQueues(boss, config);
  const workerIds = new Map<QueueName, string[]>();

  const runBatch =
    (queue: QueueName, handler: JobHandler) => async (jobs: PgBoss.JobWithMetadata<Record<string, unknown>>[]) => {
      // One failing job must not fail its batch: it is failed on its own (and retried with backoff);
      // pg-boss then completes only the jobs still active.
      await Promise.all(
        jobs.map(async (job) => {
          const attempt = { jobId: job.id, retryCount: job.retryCount, final: job.retryCount >= job.retryLimit };
          try {
            await handler(job.data, attempt);
          } catch (error) {
            const message = error instanceof Error ? error.message : 'job failed';
            logger.warn(
              { queue, jobId: job.id, retryCount: job.retryCount, final: attempt.final, error: message },
              'job failed',
            );
            await boss.fail(queue, job.id, { message });
          }
        }),
      );
    };

  const wake = (queue: QueueName) => {
    for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
  };

  return {
    async enqueue(tx, queue, payloads) {
      if (payloads.length === 0) return;
      const options = sendOptions(config, queue);
      await boss.insert(
        payloads.map((data) => ({
          name: queue,
          data,
          retryLimit: options.retryLimit,
          retryDelay: options.retryDelay,
          retryBackoff: options.retryBackoff,
          expireInSeconds: options.expireInSeconds,
        })),
        { db: bossDb(tx) },
      );
    },
    async enqueueThrottled(queue, data, key, seconds) {
      const options = sendOptions(config, queue);
      await boss.insert([
        {
          name: queue,
          data,
          singletonKey: key,
          singletonSeconds: seconds,
          retryLimit: options.retryLimit,
          retryDelay: options.retryDelay,
          retryBackoff: options.retryBackoff,
          expireInSeconds: options.expireInSeconds,
        },
      ]);
      wake(queue);
    },
    async work(handlers, concurrency) {
      for (const queue of Object.values(QUEUES)) {
        const ids: string[] = [];
        for (let index = 0; index < concurrency; index++) {
          ids.push(
            await boss.work<Record<string, unknown>>(
              queue,
              {
                batchSize: config.queue.batchSize,
                pollingIntervalSeconds: config.queue.pollingIntervalSeconds,
                includeMetadata: true,
              },
              runBatch(queue, handlers[queue]),
            ),
          );
        }
        workerIds.set(queue, ids);
      }
    },
    wake,
    async stop() {
      // Graceful: running jobs finish (or expire and are retried by whoever supervises next).
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },
  };
}
