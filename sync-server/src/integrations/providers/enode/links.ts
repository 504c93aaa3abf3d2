import { DomainError } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { ProviderError } from '../provider-error.ts';
import type { EnodeProvider } from './client.ts';
import { applyVehicleReport, type Link, type VehicleTable } from './effects.ts';

/**
 * A garage vehicle (site-scoped `vehicles`) or, when the id is not one, a rental vehicle
 * (tenant-wide `rental_vehicles`, linked under its home site).
 */
async function findLinkableVehicle(
  db: Database,
  tenantId: string,
  vehicleId: string,
): Promise<{ table: VehicleTable; siteId: string } | null> {
  for (const table of ['vehicles', 'rental_vehicles'] as const) {
    const found = await db.query<{ site_id: string }>(
      `SELECT site_id FROM ${table} WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
      [vehicleId, tenantId],
    );
    const siteId = found.rows[0]?.site_id;
    if (siteId) return { table, siteId };
  }
  return null;
}

/**
 * An owner links a fleet vehicle (garage or rental): the vehicle's own id is the Enode user id, so every webhook of
 * that Enode user joins back to the vehicle. Returns Enode's single-use link URL (24 hours).
 */
export async function createVehicleLink(
  deps: { db: Database; clock: () => number; provider: EnodeProvider; redirectUri: string },
  tenantId: string,
  vehicleId: string,
): Promise<{ linkUrl: string; expiresAt: string }> {
  const vehicle = await findLinkableVehicle(deps.db, tenantId, vehicleId);
  if (!vehicle) throw new DomainError('not-found', 'vehicle not found');
  const session = await deps.provider.createLinkSession(vehicleId, deps.redirectUri).catch((error: unknown) => {
    if (error instanceof ProviderError)
      throw new DomainError('unavailable', 'Enode did not answer the link request; try again');
    throw error;
  });
  const nowIso = new Date(deps.clock()).toISOString();
  await deps.db.query(
    `INSERT INTO enode_links (vehicle_id, tenant_id, site_id, vehicle_table, enode_user_id, enode_vehicle_id, link_url_expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $1, NULL, $5, $6, $6)
     ON CONFLICT (vehicle_id) DO UPDATE SET link_url_expires_at = EXCLUDED.link_url_expires_at, updated_at = EXCLUDED.updated_at`,
    [vehicleId, tenantId, vehicle.siteId, vehicle.table, session.expiresAt, nowIso],
  );
  return session;
}

/**
 * Enode deletes events it could not deliver within about a day: every linked vehicle is fetched
 * again and merged like a webhook (a value older than the stored one changes nothing).
 */
export async function reconcileEnode(deps: {
  db: Database;
  clock: () => number;
  provider: EnodeProvider;
}): Promise<number> {
  const links = await deps.db.query<Link>(
    'SELECT vehicle_id, tenant_id, site_id, vehicle_table, enode_user_id, enode_vehicle_id FROM enode_links ORDER BY updated_at LIMIT 500',
  );
  let updated = 0;
  for (const link of links.rows) {
    const vehicles = await deps.provider.listVehicles(link.enode_user_id);
    for (const vehicle of vehicles) {
      if (typeof vehicle.id !== 'string') continue;
      const result = await applyVehicleReport(deps, link, vehicle.id, 'user:vehicle:updated', vehicle);
      if (result !== 'no newer data') updated += 1;
    }
  }
  return updated;
}
