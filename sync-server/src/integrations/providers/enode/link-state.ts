import { DomainError } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { ProviderError } from '../provider-error.ts';
import type { EnodeProvider } from './client.ts';

/**
 * Where a fleet vehicle's Enode link stands, for the owner's "Link EV data" panel:
 * `none` (never linked, or unlinked), `pending` (a link page was made and Enode has not reported
 * a car yet), `failed` (the link page expired without a car), `linked` (Enode reported the car).
 */
export interface VehicleLinkState {
  state: 'none' | 'pending' | 'linked' | 'failed';
  reason: string | null;
  /** When the pending link page stops working. */
  linkExpiresAt: string | null;
  /** The linked car's newest reading (charge or odometer) as Enode timed it; null unless linked. */
  lastReadingAt: string | null;
  /** Sandbox: no Enode account on the server, so there is no link page to open. */
  sandbox: boolean;
}

interface LinkRow {
  enode_vehicle_id: string | null;
  link_url_expires_at: string | null;
}

/** The vehicle of the tenant (garage or rental); another tenant's id is simply not found. */
async function findVehicle(
  db: Database,
  tenantId: string,
  vehicleId: string,
): Promise<{ table: 'vehicles' | 'rental_vehicles'; row: Record<string, unknown> }> {
  const rental = await db.query(
    'SELECT ev_charge_at, ev_odometer_at FROM rental_vehicles WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL',
    [vehicleId, tenantId],
  );
  if (rental.rows[0]) return { table: 'rental_vehicles', row: rental.rows[0] };
  const garage = await db.query(
    `SELECT s.charge_state_at AS ev_charge_at, s.odometer_at AS ev_odometer_at
       FROM vehicles v LEFT JOIN vehicle_ev_state s ON s.id = v.id AND s.tenant_id = v.tenant_id
      WHERE v.id = $1 AND v.tenant_id = $2 AND v.deleted_at IS NULL`,
    [vehicleId, tenantId],
  );
  if (garage.rows[0]) return { table: 'vehicles', row: garage.rows[0] };
  throw new DomainError('not-found', 'vehicle not found');
}

const latest = (...values: unknown[]): string | null =>
  values
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .sort()
    .at(-1) ?? null;

export async function vehicleLinkState(
  deps: { db: Database; clock: () => number; provider: EnodeProvider },
  tenantId: string,
  vehicleId: string,
): Promise<VehicleLinkState> {
  const vehicle = await findVehicle(deps.db, tenantId, vehicleId);
  const link = (
    await deps.db.query<LinkRow>(
      'SELECT enode_vehicle_id, link_url_expires_at FROM enode_links WHERE vehicle_id = $1 AND tenant_id = $2',
      [vehicleId, tenantId],
    )
  ).rows[0];
  const base = {
    reason: null,
    linkExpiresAt: null,
    // Readings left from an earlier link are not this link's: shown once Enode reported the car.
    lastReadingAt: link?.enode_vehicle_id ? latest(vehicle.row.ev_charge_at, vehicle.row.ev_odometer_at) : null,
    sandbox: deps.provider.mode === 'sandbox',
  };
  if (!link) return { ...base, state: 'none' };
  if (link.enode_vehicle_id) return { ...base, state: 'linked' };
  const expires = link.link_url_expires_at;
  if (expires && Date.parse(expires) > deps.clock()) return { ...base, state: 'pending', linkExpiresAt: expires };
  return {
    ...base,
    state: 'failed',
    linkExpiresAt: expires,
    reason: 'The link page expired before a car was linked. Make a new one.',
  };
}

/**
 * Unlinks the vehicle: Enode forgets the user first (so no more data arrives), then the link row
 * goes. When Enode cannot be reached the link stays, and the owner tries again. The car's last
 * readings stay on the vehicle; prefill only uses recent ones, so they age out.
 */
export async function unlinkVehicle(
  deps: { db: Database; provider: EnodeProvider },
  tenantId: string,
  vehicleId: string,
): Promise<{ unlinked: boolean }> {
  await findVehicle(deps.db, tenantId, vehicleId);
  const link = await deps.db.query<{ enode_user_id: string }>(
    'SELECT enode_user_id FROM enode_links WHERE vehicle_id = $1 AND tenant_id = $2',
    [vehicleId, tenantId],
  );
  const userId = link.rows[0]?.enode_user_id;
  if (!userId) return { unlinked: false };
  await deps.provider.deleteUser(userId).catch((error: unknown) => {
    if (error instanceof ProviderError)
      throw new DomainError('unavailable', 'Enode did not answer the unlink request; try again');
    throw error;
  });
  await deps.db.query('DELETE FROM enode_links WHERE vehicle_id = $1 AND tenant_id = $2', [vehicleId, tenantId]);
  return { unlinked: true };
}
