import type { Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import type { InboxRow } from '../../inbox/inbox.ts';
import type { EffectOutcome, EventEffect } from '../../inbox/process.ts';

/** signed, declined and voided are terminal: a late `envelope-delivered` changes nothing. */
export const ESIGN_RANK: Readonly<Record<string, number>> = {
  draft: 0,
  sent: 1,
  delivered: 2,
  signed: 3,
  declined: 3,
  voided: 3,
};

export const STATUS_OF_EVENT: Readonly<Record<string, string>> = {
  'envelope-sent': 'sent',
  'envelope-delivered': 'delivered',
  'envelope-completed': 'signed',
  'envelope-declined': 'declined',
  'recipient-declined': 'declined',
  'envelope-voided': 'voided',
};

interface ConnectMessage {
  generatedDateTime?: unknown;
  data?: {
    envelopeId?: unknown;
    envelopeSummary?: {
      voidedReason?: unknown;
      recipients?: { signers?: Array<{ declinedReason?: unknown }> };
    };
  };
}

function reasonOf(message: ConnectMessage, status: string): string | null {
  const summary = message.data?.envelopeSummary;
  if (status === 'voided' && typeof summary?.voidedReason === 'string') return summary.voidedReason;
  if (status !== 'declined') return null;
  const declined = summary?.recipients?.signers?.find((signer) => typeof signer.declinedReason === 'string');
  return typeof declined?.declinedReason === 'string' ? declined.declinedReason : 'declined without a reason';
}

/**
 * Sets an eSign document's status from Connect events, monotonically; a completed envelope then
 * has its signed PDF fetched by an outbound job (esign.ts).
 */
export function docusignEffect(deps: {
  db: Database;
  clock: () => number;
  /** Enqueues the fetch of the signed PDF once the envelope is completed. */
  onSigned?: (tenantId: string, documentId: string) => Promise<void>;
}): EventEffect {
  return async (inbox: InboxRow): Promise<EffectOutcome> => {
    const message = JSON.parse(inbox.body) as ConnectMessage; // verified Connect message; fields checked below
    const status = STATUS_OF_EVENT[inbox.event_type];
    const envelopeId = typeof message.data?.envelopeId === 'string' ? message.data.envelopeId : null;
    if (!status || !envelopeId)
      return { status: 'ignored', tenantId: null, result: `no status change for ${inbox.event_type}` };
    const found = await deps.db.query<{ tenant_id: string; id: string }>(
      'SELECT tenant_id, id FROM esign_documents WHERE envelope_id = $1 LIMIT 1',
      [envelopeId],
    );
    const document = found.rows[0];
    if (!document) return { status: 'ignored', tenantId: null, result: 'no document for this envelope' };
    const nowIso = new Date(deps.clock()).toISOString();
    const { result } = await applyEntityEffect(deps.db, document.tenant_id, `docusign:${envelopeId}`, async (store) => {
      const row = await store.get('esign_documents', document.id);
      if (!row) return { rows: [], result: 'document removed' };
      if (!advances(ESIGN_RANK, row.status, status))
        return { rows: [], result: `stale ${inbox.event_type} (document is ${String(row.status)})` };
      const next: Row = {
        ...row,
        status,
        decline_reason: reasonOf(message, status) ?? row.decline_reason ?? null,
        status_at: nowIso,
        updated_at: nowIso,
      };
      return { rows: [{ table: 'esign_documents', row: next }], result: `document ${status}` };
    });
    if (status === 'signed') await deps.onSigned?.(document.tenant_id, document.id);
    return { status: 'processed', tenantId: document.tenant_id, result };
  };
}
