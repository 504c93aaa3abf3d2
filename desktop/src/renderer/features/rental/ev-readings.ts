import type { Row } from '@forecourt/shared';

/** A reading from the car is used to prefill the form when it is at most this old. */
export const CAR_READING_MAX_AGE_MS = 2 * 60 * 60 * 1000;

export interface CarReading {
  readonly value: number;
  readonly minutesAgo: number;
}

export interface CarReadings {
  /** Battery charge in per cent. */
  readonly charge: CarReading | null;
  readonly km: CarReading | null;
}

/**
 * A reading the car reported (Enode, see docs/integrations.md) when it is recent enough: taken at
 * most two hours before `nowMs`. A time ahead of the counter's clock (clock skew) counts as now.
 */
export function recentCarReading(value: unknown, takenAt: unknown, nowMs: number): CarReading | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || typeof takenAt !== 'string') return null;
  const takenMs = Date.parse(takenAt);
  if (Number.isNaN(takenMs)) return null;
  const ageMs = Math.max(0, nowMs - takenMs);
  if (ageMs > CAR_READING_MAX_AGE_MS) return null;
  return { value: Math.round(value), minutesAgo: Math.floor(ageMs / 60_000) };
}

/** The rental vehicle's recent charge and odometer from the car, each null when old or unknown. */
export function carReadingsOf(vehicle: Row, nowMs: number): CarReadings {
  return {
    charge: recentCarReading(vehicle.ev_battery_percent, vehicle.ev_charge_at, nowMs),
    km: recentCarReading(vehicle.ev_odometer_km, vehicle.ev_odometer_at, nowMs),
  };
}

/** "from the car, 12 min ago" for the field a car reading filled in. */
export function carReadingHint(reading: CarReading): string {
  return reading.minutesAgo < 1 ? 'From the car, just now' : `From the car, ${reading.minutesAgo} min ago`;
}

/**
 * The form's first readings: the car's recent odometer and (for an EV) charge over the given
 * defaults. The counter can always type over them.
 */
export function prefillFromCar<R extends { readonly km: string; readonly level: string }>(
  defaults: R,
  car: CarReadings,
  electric: boolean,
): R {
  return {
    ...defaults,
    ...(car.km ? { km: String(car.km.value) } : {}),
    ...(electric && car.charge ? { level: String(car.charge.value) } : {}),
  };
}
