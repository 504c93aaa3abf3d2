import type { Row } from '@forecourt/shared';

/** The parts of an Enode vehicle we keep; any of them may be null (the car does not report it). */
export interface EnodeVehicle {
  id?: unknown;
  chargeState?: {
    batteryLevel?: unknown;
    range?: unknown;
    isPluggedIn?: unknown;
    isCharging?: unknown;
    lastUpdated?: unknown;
  } | null;
  odometer?: { distance?: unknown; lastUpdated?: unknown } | null;
  location?: { latitude?: unknown; longitude?: unknown; lastUpdated?: unknown } | null;
}

const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const bool = (value: unknown) => (typeof value === 'boolean' ? value : null);

/** An ISO time from Enode's `lastUpdated`, normalised so stored times compare as strings. */
function time(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A group is newer when it has a time after the stored one, or nothing is stored yet. */
function newer(incoming: string | null, stored: unknown): boolean {
  if (typeof stored !== 'string') return true;
  return incoming !== null && incoming > stored;
}

/**
 * Merges one vehicle report into the stored EV state: each group (charge state, odometer,
 * location) only when its `lastUpdated` is later than the stored one, so a late or replayed event
 * never moves a value back; within a group a null never overwrites a known value. Returns the
 * changed columns, or null when nothing changes.
 */
export function mergeEvState(current: Row, vehicle: EnodeVehicle): Record<string, unknown> | null {
  const change: Record<string, unknown> = {};
  const charge = vehicle.chargeState;
  const chargeAt = time(charge?.lastUpdated);
  if (charge && newer(chargeAt, current.charge_state_at)) {
    const battery = finite(charge.batteryLevel);
    const range = finite(charge.range);
    if (battery !== null) change.battery_percent = Math.round(battery);
    if (range !== null) change.range_km = Math.round(range);
    if (bool(charge.isPluggedIn) !== null) change.plugged_in = charge.isPluggedIn;
    if (bool(charge.isCharging) !== null) change.charging = charge.isCharging;
    if (chargeAt && Object.keys(change).length > 0) change.charge_state_at = chargeAt;
  }
  const odometer = vehicle.odometer;
  const odometerAt = time(odometer?.lastUpdated);
  const distance = finite(odometer?.distance);
  if (distance !== null && newer(odometerAt, current.odometer_at)) {
    change.odometer_km = Math.round(distance);
    if (odometerAt) change.odometer_at = odometerAt;
  }
  const location = vehicle.location;
  const locationAt = time(location?.lastUpdated);
  const latitude = finite(location?.latitude);
  const longitude = finite(location?.longitude);
  if (latitude !== null && longitude !== null && newer(locationAt, current.location_at)) {
    change.location = { latitude, longitude };
    if (locationAt) change.location_at = locationAt;
  }
  const differs = Object.entries(change).some(
    ([column, value]) => JSON.stringify(current[column] ?? null) !== JSON.stringify(value),
  );
  return differs ? change : null;
}
