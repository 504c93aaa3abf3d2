import type { Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import type { InboxRow } from '../../inbox/inbox.ts';
import { EffectError, type EffectOutcome, type EventEffect } from '../../inbox/process.ts';

/**
 * Message statuses by rank. `queued` (our intent) and `ambiguous` (a send whose answer we never
 * got) rank lowest so any callback resolves them; delivered, undelivered and failed are terminal.
 */
export const MESSAGE_RANK: Readonly<Record<string, number>> = {
  queued: 0,
  ambiguous: 0.5,
  accepted: 1,
  scheduled: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
};

export function twilioEffect(deps: { db: Database; clock: () => number }): EventEffect {
  return async (inbox: InboxRow): Promise<EffectOutcome> => {
    const params = JSON.parse(inbox.body) as Record<string, string | string[]>; // stored form parameters
    const pick = (name: string) => {
      const value = params[name];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    const sid = pick('MessageSid') ?? pick('SmsSid');
    const status = pick('MessageStatus') ?? pick('SmsStatus');
    if (!sid || !status) return { status: 'ignored', tenantId: null, result: 'no message sid or status' };
    const found = await deps.db.query<{ tenant_id: string; id: string }>(
      "SELECT tenant_id, id FROM messages WHERE provider = 'twilio' AND provider_ref = $1 LIMIT 1",
      [sid],
    );
    const message = found.rows[0];
    // The callback can overtake the commit that stores the sid of our own send: retry later.
    if (!message) throw new EffectError(`message ${sid} is not recorded yet`, null);
    const nowIso = new Date(deps.clock()).toISOString();
    const errorCode = pick('ErrorCode');
    const { result } = await applyEntityEffect(deps.db, message.tenant_id, `twilio-message:${sid}`, async (store) => {
      const row = await store.get('messages', message.id);
      if (!row) return { rows: [], result: 'message removed' };
      if (!advances(MESSAGE_RANK, row.status, status))
        return { rows: [], result: `stale ${status} (message is ${String(row.status)})` };
      const next: Row = {
        ...row,
        status,
        error_code: errorCode ?? row.error_code ?? null,
        status_at: nowIso,
        updated_at: nowIso,
      };
      return { rows: [{ table: 'messages', row: next }], result: `message ${status}` };
    });
    return { status: 'processed', tenantId: message.tenant_id, result };
  };
}
