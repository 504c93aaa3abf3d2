import { DomainError } from '@forecourt/shared';
import { isConnectionError, isRetryableTransactionError } from '../db/database.ts';

const MAX_ATTEMPTS = 5;

/**
 * Retries a transaction that failed for a reason of the database's, not of the data: a
 * serialization failure or a deadlock. A lost connection becomes `unavailable` for the caller to
 * retry later (the client's outbox keeps the work).
 */
export async function runWithRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (isRetryableTransactionError(error) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, attempt * 5));
        continue;
      }
      if (isConnectionError(error)) throw new DomainError('unavailable', 'the database is not reachable; try again');
      throw error;
    }
  }
}
