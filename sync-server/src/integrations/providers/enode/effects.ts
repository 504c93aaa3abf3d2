import type { Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect } from '../../effects/entity-write.ts';
import type { InboxRow } from '../../inbox/inbox.ts';
import type { EffectOutcome, EventEffect } from '../../inbox/process.ts';
import { mergeEvState, type EnodeVehicle } from './ev-state.ts';
import { applyRentalReport } from './rental-ev.ts';

interface EnodeEvent {
  event?: string;
  user?: { id?: unknown };
  vehicle?: EnodeVehicle;
}

/** Where a linked vehicle lives: a garage vehicle or a rental fleet vehicle. */
export type VehicleTable = 'vehicles' | 'rental_vehicles';

export interface Link {
  vehicle_id: string;
  tenant_id: string;
  site_id: string;
  vehicle_table: VehicleTable;
  enode_user_id: string;
  enode_vehicle_id: string | null;
}

/**
 * The fleet vehicle an Enode event is about. A link session is opened per fleet vehicle with that
 * vehicle's id as the Enode user id, so the user joins back; the Enode vehicle id is recorded on
 * the link when first seen.
 */
async function findLink(db: Database, event: EnodeEvent): Promise<Link | null> {
  const enodeVehicleId = typeof event.vehicle?.id === 'string' ? event.vehicle.id : null;
  const userId = typeof event.user?.id === 'string' ? event.user.id : null;
  const result = await db.query<Link>(
    `SELECT vehicle_id, tenant_id, site_id, vehicle_table, enode_user_id, enode_vehicle_id FROM enode_links
      WHERE ($1::text IS NOT NULL AND enode_vehicle_id = $1) OR ($2::text IS NOT NULL AND enode_user_id = $2)
      ORDER BY (enode_vehicle_id = $1) DESC NULLS LAST LIMIT 1`,
    [enodeVehicleId, userId],
  );
  return result.rows[0] ?? null;
}

function emptyState(link: Link, enodeVehicleId: string, nowIso: string): Row {
  return {
    id: link.vehicle_id,
    tenant_id: link.tenant_id,
    site_id: link.site_id,
    vehicle_id: link.vehicle_id,
    provider: 'enode',
    provider_vehicle_id: enodeVehicleId,
    link_status: 'linked',
    battery_percent: null,
    range_km: null,
    plugged_in: null,
    charging: null,
    charge_state_at: null,
    odometer_km: null,
    odometer_at: null,
    location: null,
    location_at: null,
    created_at: nowIso,
    updated_at: nowIso,
    deleted_at: null,
  };
}

function linkStatusFor(eventType: string): string | null {
  if (eventType === 'user:vehicle:deleted') return 'unlinked';
  if (eventType === 'user:credentials:invalidated') return 'credentials-invalid';
  return null;
}

/**
 * Applies one vehicle report (a webhook event or a reconciliation fetch) to the vehicle's EV
 * state (a rental vehicle: its rental_vehicles row), under the vehicle's entity lock, monotonically
 * (see mergeEvState).
 */
export async function applyVehicleReport(
  deps: { db: Database; clock: () => number },
  link: Link,
  enodeVehicleId: string,
  eventType: string,
  vehicle: EnodeVehicle,
): Promise<string> {
  const nowIso = new Date(deps.clock()).toISOString();
  if (link.enode_vehicle_id !== enodeVehicleId) {
    await deps.db.query('UPDATE enode_links SET enode_vehicle_id = $2, updated_at = $3 WHERE vehicle_id = $1', [
      link.vehicle_id,
      enodeVehicleId,
      nowIso,
    ]);
  }
  if (link.vehicle_table === 'rental_vehicles') {
    // A rental vehicle keeps only the car's readings; its link status is not shown at the counter.
    return linkStatusFor(eventType)
      ? 'link status is not kept for a rental vehicle'
      : applyRentalReport(deps, link, vehicle);
  }
  const { result } = await applyEntityEffect(
    deps.db,
    link.tenant_id,
    `enode-vehicle:${link.vehicle_id}`,
    async (store) => {
      const stored = await store.get('vehicle_ev_state', link.vehicle_id);
      const current = stored ?? emptyState(link, enodeVehicleId, nowIso);
      const status = linkStatusFor(eventType);
      const change: Record<string, unknown> = status ? {} : (mergeEvState(current, vehicle) ?? {});
      const nextStatus = status ?? 'linked';
      if (current.link_status !== nextStatus) change.link_status = nextStatus;
      if (Object.keys(change).length === 0 && stored) return { rows: [], result: 'no newer data' };
      const row = { ...current, ...change, provider_vehicle_id: enodeVehicleId, updated_at: nowIso } as Row; // vehicle_ev_state columns only
      return {
        rows: [{ table: 'vehicle_ev_state', row }],
        result: `updated ${Object.keys(change).join(', ') || 'link'}`,
      };
    },
  );
  return result;
}

export function enodeEffect(deps: { db: Database; clock: () => number }): EventEffect {
  return async (inbox: InboxRow): Promise<EffectOutcome> => {
    const event = JSON.parse(inbox.body) as EnodeEvent; // verified Enode event; fields checked below
    const link = await findLink(deps.db, event);
    if (!link)
      return { status: 'ignored', tenantId: null, result: 'no fleet vehicle is linked to this Enode user or vehicle' };
    const enodeVehicleId = typeof event.vehicle?.id === 'string' ? event.vehicle.id : link.enode_vehicle_id;
    if (!enodeVehicleId) return { status: 'ignored', tenantId: link.tenant_id, result: 'event names no vehicle yet' };
    const result = await applyVehicleReport(deps, link, enodeVehicleId, inbox.event_type, event.vehicle ?? {});
    return { status: 'processed', tenantId: link.tenant_id, result };
  };
}
