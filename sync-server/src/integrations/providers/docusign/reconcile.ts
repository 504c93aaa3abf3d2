import type { Database } from '../../../db/database.ts';
import { applyEntityEffect } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import type { DocusignProvider } from './client.ts';
import { ESIGN_RANK } from './effects.ts';

/** DocuSign allows polling an envelope's status at most once per 15 minutes. */
export const DOCUSIGN_POLL_INTERVAL_MS = 15 * 60_000;
const SETTING = 'integrations.docusign.last_status_poll';

const STATUS_OF_ENVELOPE: Readonly<Record<string, string>> = {
  sent: 'sent',
  delivered: 'delivered',
  completed: 'signed',
  declined: 'declined',
  voided: 'voided',
};

/**
 * One account-level `listStatusChanges` since the last poll (never more often than the polling
 * limit, across instances: the time is kept in server_settings), applied like Connect events.
 */
export async function reconcileDocusign(deps: {
  db: Database;
  clock: () => number;
  provider: DocusignProvider;
  onSigned: (tenantId: string, documentId: string) => Promise<void>;
}): Promise<number> {
  const now = deps.clock();
  const nowIso = new Date(now).toISOString();
  const last = (await deps.db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [SETTING]))
    .rows[0]?.value;
  if (last && now - Date.parse(last) < DOCUSIGN_POLL_INTERVAL_MS) return 0;
  const claimed = await deps.db.query(
    `INSERT INTO server_settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE server_settings.value = $3`,
    [SETTING, nowIso, last ?? ''],
  );
  if (claimed.rowCount === 0) return 0;
  const from = new Date(last ? Date.parse(last) - 60_000 : now - 24 * 60 * 60_000).toISOString();
  let moved = 0;
  for (const change of await deps.provider.statusChanges(from)) {
    const status = STATUS_OF_ENVELOPE[change.status];
    const document = (
      await deps.db.query<{ id: string; tenant_id: string }>(
        'SELECT id, tenant_id FROM esign_documents WHERE envelope_id = $1',
        [change.envelopeId],
      )
    ).rows[0];
    if (!status || !document) continue;
    const { result } = await applyEntityEffect(
      deps.db,
      document.tenant_id,
      `docusign:${change.envelopeId}`,
      async (store) => {
        const row = await store.get('esign_documents', document.id);
        if (!row || !advances(ESIGN_RANK, row.status, status)) return { rows: [], result: false };
        return {
          rows: [{ table: 'esign_documents', row: { ...row, status, status_at: nowIso, updated_at: nowIso } }],
          result: true,
        };
      },
    );
    if (result) moved += 1;
    if (status === 'signed') await deps.onSigned(document.tenant_id, document.id);
  }
  return moved;
}
