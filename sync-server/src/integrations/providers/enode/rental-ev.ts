import type { Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect, lockRow } from '../../effects/entity-write.ts';
import { mergeEvState, type EnodeVehicle } from './ev-state.ts';

/**
 * The rental_vehicles column for each EV state column a rental EV keeps. No location: where a
 * renter drives stays out of the counter.
 */
const RENTAL_EV_COLUMNS: Readonly<Record<string, string>> = {
  battery_percent: 'ev_battery_percent',
  range_km: 'ev_range_km',
  plugged_in: 'ev_plugged_in',
  charging: 'ev_charging',
  charge_state_at: 'ev_charge_at',
  odometer_km: 'ev_odometer_km',
  odometer_at: 'ev_odometer_at',
};

/**
 * Merges one Enode vehicle report into a rental vehicle's EV columns with the same rule as the
 * garage EV state (each group only when the car's time is later; a null keeps the known value).
 * Returns the changed rental_vehicles columns, or null when nothing changes.
 */
export function mergeRentalEv(rentalVehicle: Row, vehicle: EnodeVehicle): Record<string, unknown> | null {
  const current: Row = { id: rentalVehicle.id, tenant_id: rentalVehicle.tenant_id };
  for (const [stateColumn, rentalColumn] of Object.entries(RENTAL_EV_COLUMNS))
    current[stateColumn] = rentalVehicle[rentalColumn] ?? null;
  const change = mergeEvState(current, { ...vehicle, location: null });
  if (!change) return null;
  const rentalChange: Record<string, unknown> = {};
  for (const [stateColumn, value] of Object.entries(change)) {
    const rentalColumn = RENTAL_EV_COLUMNS[stateColumn];
    if (rentalColumn) rentalChange[rentalColumn] = value;
  }
  return Object.keys(rentalChange).length > 0 ? rentalChange : null;
}

/**
 * Writes a linked rental EV's report onto its rental_vehicles row through the change log, so every
 * counter of the tenant receives it. A counter's own edits of the row are never touched: only the
 * ev_* columns change.
 */
export async function applyRentalReport(
  deps: { db: Database; clock: () => number },
  link: { tenant_id: string; vehicle_id: string },
  vehicle: EnodeVehicle,
): Promise<string> {
  const nowIso = new Date(deps.clock()).toISOString();
  const { result } = await applyEntityEffect(
    deps.db,
    link.tenant_id,
    `enode-vehicle:${link.vehicle_id}`,
    async (store, tx) => {
      await lockRow(tx, 'rental_vehicles', link.vehicle_id);
      const stored = await store.get('rental_vehicles', link.vehicle_id);
      if (!stored || stored.deleted_at) return { rows: [], result: 'the rental vehicle is deleted' };
      const change = mergeRentalEv(stored, vehicle);
      if (!change) return { rows: [], result: 'no newer data' };
      const row: Row = { ...stored, ...change, updated_at: nowIso };
      return { rows: [{ table: 'rental_vehicles', row }], result: `updated ${Object.keys(change).join(', ')}` };
    },
  );
  return result;
}
