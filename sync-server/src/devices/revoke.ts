import { DomainError, type Row } from '@forecourt/shared';
import type { Database } from '../db/database.ts';
import { pgRowStore } from '../db/pg-store.ts';
import type { SyncEngine } from '../sync/types.ts';
import { revokeDeviceRefreshTokens } from '../auth/refresh-tokens.ts';
import { canAccessSite, type UserRecord } from '../auth/users.ts';

export interface RevokeDeps {
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly clock: () => number;
}

function assertMayRevoke(actor: UserRecord, device: Row): void {
  if (actor.role === 'owner') return;
  const siteId = typeof device.site_id === 'string' ? device.site_id : null;
  if (actor.role === 'manager' && siteId !== null && canAccessSite(actor, siteId)) return;
  throw new DomainError('forbidden', 'only owners, and managers of the device’s site, can revoke a device');
}

/**
 * Revokes a device: its credential stops working at once and its refresh tokens end. The row keeps
 * its code (documents carry it) and the change replicates, so other counters show it revoked.
 * Revoking twice is harmless.
 */
export async function revokeDevice(
  deps: RevokeDeps,
  actor: UserRecord,
  deviceId: string,
): Promise<{ deviceId: string; revokedAt: string }> {
  const device = await pgRowStore(deps.db, actor.tenantId).get('devices', deviceId);
  if (!device || device.deleted_at !== null) throw new DomainError('not-found', 'device not found');
  assertMayRevoke(actor, device);
  if (typeof device.revoked_at === 'string') return { deviceId, revokedAt: device.revoked_at };
  const nowMs = deps.clock();
  const revokedAt = new Date(nowMs).toISOString();
  await deps.engine.writeRows(actor.tenantId, [
    { table: 'devices', row: { ...device, revoked_at: revokedAt, updated_at: revokedAt } },
  ]);
  await revokeDeviceRefreshTokens(deps.db, deviceId, nowMs);
  return { deviceId, revokedAt };
}
