import { randomBytes } from 'node:crypto';
import { DomainError, uuidv7 } from '@forecourt/shared';
import type { Database } from '../db/database.ts';
import { sha256Hex } from './providers/hmac.ts';

export type ApiKeyScope = 'read' | 'read-write';

export interface ApiKeyRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly scope: ApiKeyScope;
  readonly createdBy: string;
}

/** Subscription tiers and their API request limits per minute (per key, per server instance). */
export const API_RATE_LIMITS = { starter: 60, professional: 300, business: 1200 } as const;
export type Tier = keyof typeof API_RATE_LIMITS;

/**
 * API keys for third-party systems: `fck_<prefix>_<secret>`, shown once; only the sha256 of the
 * whole key is stored, with the prefix for the owner to tell keys apart.
 */
export async function createApiKey(
  db: Database,
  clock: () => number,
  input: { tenantId: string; name: string; scope: ApiKeyScope; createdBy: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(4).toString('hex');
  const key = `fck_${prefix}_${randomBytes(24).toString('base64url')}`;
  const id = uuidv7(clock());
  await db.query(
    'INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scope, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      id,
      input.tenantId,
      input.name,
      prefix,
      sha256Hex(key),
      input.scope,
      input.createdBy,
      new Date(clock()).toISOString(),
    ],
  );
  return { id, key, prefix };
}

export async function listApiKeys(db: Database, tenantId: string) {
  const rows = await db.query<{
    id: string;
    name: string;
    prefix: string;
    scope: ApiKeyScope;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }>(
    'SELECT id, name, prefix, scope, created_at, last_used_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC',
    [tenantId],
  );
  return rows.rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeApiKey(db: Database, clock: () => number, tenantId: string, id: string): Promise<void> {
  const result = await db.query(
    'UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL',
    [id, tenantId, new Date(clock()).toISOString()],
  );
  if (result.rowCount === 0) throw new DomainError('not-found', 'no active API key with this id');
}

/** The key of `Authorization: Bearer fck_…` or `X-API-Key`; 401 when missing, unknown or revoked. */
export async function authenticateApiKey(
  db: Database,
  clock: () => number,
  presented: string | null,
): Promise<ApiKeyRecord> {
  if (!presented || !/^fck_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/.test(presented))
    throw new DomainError('unauthenticated', 'send a valid API key');
  // The lookup is by hash: comparing hashes leaks nothing usable about the key itself.
  const found = await db.query<{
    id: string;
    tenant_id: string;
    scope: ApiKeyScope;
    created_by: string;
    revoked_at: string | null;
  }>('SELECT id, tenant_id, scope, created_by, revoked_at FROM api_keys WHERE key_hash = $1', [sha256Hex(presented)]);
  const row = found.rows[0];
  if (!row || row.revoked_at) throw new DomainError('unauthenticated', 'this API key is not valid');
  await db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.id, new Date(clock()).toISOString()]);
  return { id: row.id, tenantId: row.tenant_id, scope: row.scope, createdBy: row.created_by };
}
