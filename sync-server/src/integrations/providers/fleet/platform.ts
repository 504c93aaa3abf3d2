/**
 * A fleet platform (ATOM Mobility) as Forecourt uses it: vehicles created or updated here are
 * pushed there. ATOM publishes no operator API for vehicles, so only this interface, a fake and
 * the contract suite exist; an adapter for the real platform must pass the same suite.
 */
export interface FleetVehicle {
  /** Forecourt's vehicle id: the platform's external reference, stable across pushes. */
  readonly id: string;
  readonly registration: string;
  readonly make: string | null;
  readonly model: string | null;
  readonly year: number | null;
  readonly vin: string | null;
}

export type FleetStatus = 'available' | 'unavailable' | 'maintenance';

export interface FleetPlatform {
  /** Creates or updates the vehicle; the same idempotency key twice is one change. */
  upsertVehicle(vehicle: FleetVehicle, idempotencyKey: string): Promise<{ externalId: string }>;
  setVehicleStatus(vehicleId: string, status: FleetStatus, idempotencyKey: string): Promise<void>;
  getVehicle(vehicleId: string): Promise<(FleetVehicle & { status: FleetStatus; externalId: string }) | null>;
}

/** The fake: in memory, idempotent by key, as strict as a real platform about unknown vehicles. */
export function inMemoryFleetPlatform(): FleetPlatform & { readonly applied: number } {
  const vehicles = new Map<string, FleetVehicle & { status: FleetStatus; externalId: string }>();
  const seenKeys = new Map<string, string>();
  let applied = 0;
  return {
    get applied() {
      return applied;
    },
    async upsertVehicle(vehicle, key) {
      const known = seenKeys.get(key);
      if (known) return { externalId: known };
      const existing = vehicles.get(vehicle.id);
      const externalId = existing?.externalId ?? `atom-${vehicles.size + 1}`;
      vehicles.set(vehicle.id, { ...vehicle, status: existing?.status ?? 'available', externalId });
      seenKeys.set(key, externalId);
      applied += 1;
      return { externalId };
    },
    async setVehicleStatus(vehicleId, status, key) {
      if (seenKeys.has(key)) return;
      const existing = vehicles.get(vehicleId);
      if (!existing) throw new Error(`unknown vehicle ${vehicleId}`);
      vehicles.set(vehicleId, { ...existing, status });
      seenKeys.set(key, existing.externalId);
      applied += 1;
    },
    async getVehicle(vehicleId) {
      return vehicles.get(vehicleId) ?? null;
    },
  };
}
