import type { Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import { ProviderError } from '../provider-error.ts';
import type { TwilioProvider } from './client.ts';
import { MESSAGE_RANK } from './effects.ts';

/** A message that has had no callback for this long is asked about. */
export const STUCK_AFTER_MS = 10 * 60_000;
const BATCH = 100;

/**
 * Twilio retries a status callback about once: messages still accepted, sending or sent after
 * STUCK_AFTER_MS are fetched and moved on (monotonically, like a callback).
 */
export async function reconcileTwilio(deps: {
  db: Database;
  clock: () => number;
  provider: TwilioProvider;
}): Promise<number> {
  const before = new Date(deps.clock() - STUCK_AFTER_MS).toISOString();
  const stuck = await deps.db.query<{ id: string; tenant_id: string; provider_ref: string }>(
    `SELECT id, tenant_id, provider_ref FROM messages
      WHERE provider = 'twilio' AND provider_ref IS NOT NULL AND status IN ('accepted', 'sending', 'sent') AND updated_at < $1
      ORDER BY updated_at LIMIT ${BATCH}`,
    [before],
  );
  let moved = 0;
  for (const message of stuck.rows) {
    let fetched: { status: string; errorCode: string | null };
    try {
      fetched = await deps.provider.fetchMessage(message.provider_ref);
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) continue;
      throw error;
    }
    const nowIso = new Date(deps.clock()).toISOString();
    const { result } = await applyEntityEffect(
      deps.db,
      message.tenant_id,
      `twilio-message:${message.provider_ref}`,
      async (store) => {
        const row = await store.get('messages', message.id);
        if (!row || !advances(MESSAGE_RANK, row.status, fetched.status)) return { rows: [], result: false };
        const next: Row = {
          ...row,
          status: fetched.status,
          error_code: fetched.errorCode ?? row.error_code ?? null,
          status_at: nowIso,
          updated_at: nowIso,
        };
        return { rows: [{ table: 'messages', row: next }], result: true };
      },
    );
    if (result) moved += 1;
  }
  return moved;
}
