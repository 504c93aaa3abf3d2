import type { Queryable } from '../../db/database.ts';
import { SETTING_NAMES, SETTINGS } from '../../settings/names.ts';
import type { SettingSource } from '../../settings/merge.ts';
import { PROVIDERS, providerMode, type IntegrationsConfig, type ProviderName } from '../config.ts';
import type { InboxStatus } from './inbox.ts';

/** One line of the owner's event log; the stored body is never shown. */
export interface EventLogEntry {
  id: string;
  provider: ProviderName;
  eventType: string;
  receivedAt: string;
  status: InboxStatus;
  attempts: number;
  result: string | null;
  lastError: string | null;
  processedAt: string | null;
}

export interface ProviderStatus {
  provider: ProviderName;
  mode: 'live' | 'sandbox';
  webhooksConfigured: boolean;
  lastEventAt: string | null;
  processed: number;
  retrying: number;
  dead: number;
  lastError: string | null;
  /** Each of the provider's secret variables and where its value comes from; never the value. */
  secrets: { name: string; source: SettingSource }[];
}

export async function listEvents(
  db: Queryable,
  tenantId: string,
  filter: { provider?: string | undefined; status?: string | undefined; page: number; perPage: number },
): Promise<{ items: EventLogEntry[]; total: number }> {
  const where = 'tenant_id = $1 AND ($2::text IS NULL OR provider = $2) AND ($3::text IS NULL OR status = $3)';
  const params = [tenantId, filter.provider ?? null, filter.status ?? null];
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_inbox WHERE ${where}`, params);
  const rows = await db.query<{
    id: string;
    provider: ProviderName;
    event_type: string;
    received_at: string;
    status: InboxStatus;
    attempts: number;
    result: string | null;
    last_error: string | null;
    processed_at: string | null;
  }>(
    `SELECT id, provider, event_type, received_at, status, attempts, result, last_error, processed_at
       FROM webhook_inbox WHERE ${where} ORDER BY received_at DESC, id DESC LIMIT $4 OFFSET $5`,
    [...params, filter.perPage, (filter.page - 1) * filter.perPage],
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.rows.map((row) => ({
      id: row.id,
      provider: row.provider,
      eventType: row.event_type,
      receivedAt: row.received_at,
      status: row.status,
      attempts: Number(row.attempts),
      result: row.result,
      lastError: row.last_error,
      processedAt: row.processed_at,
    })),
  };
}

function webhooksConfigured(config: IntegrationsConfig, provider: ProviderName): boolean {
  switch (provider) {
    case 'stripe':
      return config.stripe.webhookSecrets.length > 0;
    case 'docusign':
      return config.docusign.hmacKeys.length > 0;
    case 'enode':
      return config.enode.webhookSecrets.length > 0;
    case 'twilio':
      return config.twilio.authTokens.length > 0;
  }
}

export async function providerStatuses(
  db: Queryable,
  tenantId: string,
  config: IntegrationsConfig,
): Promise<ProviderStatus[]> {
  const counts = await db.query<{
    provider: string;
    last_at: string | null;
    processed: number;
    retrying: number;
    dead: number;
  }>(
    `SELECT provider, max(received_at) AS last_at,
            count(*) FILTER (WHERE status IN ('processed', 'ignored'))::int AS processed,
            count(*) FILTER (WHERE status IN ('queued', 'retrying'))::int AS retrying,
            count(*) FILTER (WHERE status = 'dead')::int AS dead
       FROM webhook_inbox WHERE tenant_id = $1 GROUP BY provider`,
    [tenantId],
  );
  const errors = await db.query<{ provider: string; last_error: string }>(
    `SELECT DISTINCT ON (provider) provider, last_error FROM webhook_inbox
      WHERE tenant_id = $1 AND last_error IS NOT NULL ORDER BY provider, received_at DESC`,
    [tenantId],
  );
  return PROVIDERS.map((provider) => {
    const count = counts.rows.find((row) => row.provider === provider);
    return {
      provider,
      mode: providerMode(config, provider),
      webhooksConfigured: webhooksConfigured(config, provider),
      lastEventAt: count?.last_at ?? null,
      processed: Number(count?.processed ?? 0),
      retrying: Number(count?.retrying ?? 0),
      dead: Number(count?.dead ?? 0),
      lastError: errors.rows.find((row) => row.provider === provider)?.last_error ?? null,
      secrets: SETTING_NAMES.filter((name) => SETTINGS[name].provider === provider && SETTINGS[name].secret).map(
        (name) => ({ name, source: config.sources[name] }),
      ),
    };
  });
}
