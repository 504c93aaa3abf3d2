import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, find, get, insert, MANAGE_ROLES, update } from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, IsoTime, OptionalText, requireFound, targetSite } from '../common.ts';
import { normaliseRegistration } from '../vehicles/mutations.ts';

const Money = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const OptionalMoney = Type.Optional(Type.Union([Money, Type.Null()]));

export const rentalClassCreate = defineMutation({
  name: 'rental.classCreate',
  description: 'Create a vehicle class with its rates, deposit and driver rules',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      code: Type.String({ minLength: 1, maxLength: 12 }),
      name: Type.String({ minLength: 1, maxLength: 80 }),
      dailyMinor: Money,
      weeklyMinor: OptionalMoney,
      monthlyMinor: OptionalMoney,
      includedKmPerDay: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()])),
      extraKmMinor: Money,
      depositMinor: Money,
      minAge: Type.Integer({ minimum: 18, maximum: 99 }),
      minLicenceYears: Type.Integer({ minimum: 0, maximum: 50 }),
    },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({
    tenant: get('tenants', ctx.tenantId),
    sameCode: find('rental_classes', { code: input.code.trim().toUpperCase() }),
  }),
  decide(input, state, ctx) {
    const tenant = requireFound(state.tenant, 'company');
    if (state.sameCode.some((row) => !row.deleted_at)) {
      throw new DomainError('conflict', `a class with the code ${input.code.trim().toUpperCase()} exists already`);
    }
    const id = ctx.newId();
    return {
      changes: [
        insert('rental_classes', {
          id,
          code: input.code.trim().toUpperCase(),
          name: input.name.trim(),
          currency: tenant.currency,
          daily_minor: input.dailyMinor,
          weekly_minor: input.weeklyMinor ?? null,
          monthly_minor: input.monthlyMinor ?? null,
          included_km_per_day: input.includedKmPerDay ?? null,
          extra_km_minor: input.extraKmMinor,
          deposit_minor: input.depositMinor,
          min_age: input.minAge,
          min_licence_years: input.minLicenceYears,
          active: true,
        }),
      ],
      result: { classId: id },
    };
  },
});

const FUEL_TYPES = ['petrol', 'diesel', 'hybrid', 'ev'] as const;

export const rentalVehicleCreate = defineMutation({
  name: 'rental.vehicleCreate',
  description: 'Add a vehicle to the rental fleet',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      siteId: Type.Optional(Id),
      classId: Id,
      plate: Type.String({ minLength: 2, maxLength: 16 }),
      make: Type.String({ minLength: 1, maxLength: 40 }),
      model: Type.String({ minLength: 1, maxLength: 40 }),
      vin: OptionalText(17),
      year: Type.Optional(Type.Union([Type.Integer({ minimum: 1950, maximum: 2100 }), Type.Null()])),
      fuelType: Type.Enum([...FUEL_TYPES]),
      batteryKwh: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 300 }), Type.Null()])),
      odometerKm: Type.Integer({ minimum: 0, maximum: 2_000_000 }),
      fuelLevel: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
      dailyMinor: OptionalMoney,
      depositMinor: OptionalMoney,
      serviceEveryKm: Type.Optional(Type.Union([Type.Integer({ minimum: 1000, maximum: 100_000 }), Type.Null()])),
      serviceEveryMonths: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 48 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({
    rentalClass: get('rental_classes', input.classId),
    samePlate: find('rental_vehicles', { plate: normaliseRegistration(input.plate) }),
  }),
  decide(input, state, ctx) {
    requireFound(state.rentalClass, 'vehicle class');
    const plate = normaliseRegistration(input.plate);
    if (state.samePlate.some((row) => !row.deleted_at)) {
      throw new DomainError('conflict', `${plate} is in the fleet already`);
    }
    if (input.fuelType === 'ev' && !input.batteryKwh) {
      throw new DomainError('invalid', 'an electric vehicle needs its battery capacity (kWh)');
    }
    const id = ctx.newId();
    return {
      changes: [
        insert('rental_vehicles', {
          id,
          site_id: targetSite(input, ctx),
          class_id: input.classId,
          plate,
          make: input.make.trim(),
          model: input.model.trim(),
          vin: input.vin?.trim().toUpperCase() || null,
          year: input.year ?? null,
          fuel_type: input.fuelType,
          battery_kwh: input.fuelType === 'ev' ? (input.batteryKwh ?? null) : null,
          odometer_km: input.odometerKm,
          fuel_level: input.fuelLevel ?? null,
          status: 'available',
          daily_minor: input.dailyMinor ?? null,
          deposit_minor: input.depositMinor ?? null,
          service_every_km: input.serviceEveryKm ?? null,
          service_every_months: input.serviceEveryMonths ?? null,
          last_service_km: input.odometerKm,
          last_service_at: ctx.now,
        }),
      ],
      result: { vehicleId: id },
    };
  },
});

export const rentalVehicleSetStatus = defineMutation({
  name: 'rental.vehicleSetStatus',
  description: 'Take a fleet vehicle off the road (maintenance, out of service) or put it back',
  roles: MANAGE_ROLES,
  input: Type.Object(
    { vehicleId: Id, status: Type.Enum(['available', 'maintenance', 'out_of_service']) },
    { additionalProperties: false },
  ),
  load: (input) => ({ vehicle: get('rental_vehicles', input.vehicleId) }),
  decide(input, state) {
    const vehicle = requireFound(state.vehicle, 'vehicle');
    if (vehicle.status === 'rented') throw new DomainError('conflict', `${String(vehicle.plate)} is out on a rental`);
    return { changes: [update('rental_vehicles', vehicle.id, { status: input.status })] };
  },
});

export const rentalMaintenanceBlock = defineMutation({
  name: 'rental.maintenanceBlock',
  description: 'Block a vehicle for a period (service, repair): it cannot be booked then',
  roles: MANAGE_ROLES,
  input: Type.Object(
    { vehicleId: Id, startsAt: IsoTime, endsAt: IsoTime, reason: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ vehicle: get('rental_vehicles', input.vehicleId) }),
  decide(input, state, ctx) {
    const vehicle = requireFound(state.vehicle, 'vehicle');
    if (input.endsAt <= input.startsAt) throw new DomainError('invalid', 'the block must end after it starts');
    const id = ctx.newId();
    return {
      changes: [
        insert('rental_maintenance', {
          id,
          vehicle_id: vehicle.id,
          starts_at: input.startsAt,
          ends_at: input.endsAt,
          reason: input.reason.trim(),
        }),
      ],
      result: { maintenanceId: id },
    };
  },
});

export const rentalMaintenanceComplete = defineMutation({
  name: 'rental.maintenanceComplete',
  description: 'Close a maintenance block; records the service for the interval',
  roles: MANAGE_ROLES,
  input: Type.Object(
    { maintenanceId: Id, odometerKm: Type.Integer({ minimum: 0, maximum: 2_000_000 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ block: get('rental_maintenance', input.maintenanceId) }),
  decide(input, state, ctx) {
    const block = requireFound(state.block, 'maintenance block');
    if (block.completed_at) return { changes: [] };
    return {
      changes: [
        update('rental_maintenance', block.id, { completed_at: ctx.now, odometer_km: input.odometerKm }),
        update('rental_vehicles', String(block.vehicle_id), {
          last_service_km: input.odometerKm,
          last_service_at: ctx.now,
          odometer_km: input.odometerKm,
        }),
      ],
    };
  },
});

export const rentalAccessoryCreate = defineMutation({
  name: 'rental.accessoryCreate',
  description: 'Offer an accessory with rentals (child seat, snow chains, vignette, charging cable)',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[a-z0-9_]+$' }),
      name: Type.String({ minLength: 1, maxLength: 80 }),
      pricePerDayMinor: Money,
      maxPriceMinor: OptionalMoney,
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ sameCode: find('rental_accessories', { code: input.code }) }),
  decide(input, state, ctx) {
    if (state.sameCode.some((row) => !row.deleted_at))
      throw new DomainError('conflict', `the extra ${input.code} exists already`);
    const id = ctx.newId();
    return {
      changes: [
        insert('rental_accessories', {
          id,
          code: input.code,
          name: input.name.trim(),
          price_per_day_minor: input.pricePerDayMinor,
          max_price_minor: input.maxPriceMinor ?? null,
          active: true,
        }),
      ],
      result: { accessoryId: id },
    };
  },
});

/** Vehicles whose service is due by distance or by time, most overdue first. */
export function vehiclesDue(vehicles: readonly Row[], now: string): Array<{ vehicle: Row; reason: string }> {
  const due: Array<{ vehicle: Row; reason: string; weight: number }> = [];
  for (const vehicle of vehicles) {
    if (vehicle.deleted_at) continue;
    const everyKm = typeof vehicle.service_every_km === 'number' ? vehicle.service_every_km : null;
    const everyMonths = typeof vehicle.service_every_months === 'number' ? vehicle.service_every_months : null;
    const since = Number(vehicle.odometer_km) - Number(vehicle.last_service_km ?? 0);
    if (everyKm !== null && since >= everyKm) {
      due.push({
        vehicle,
        reason: `${since} km since the last service (every ${everyKm} km)`,
        weight: since / everyKm,
      });
      continue;
    }
    if (everyMonths !== null && typeof vehicle.last_service_at === 'string') {
      const last = new Date(vehicle.last_service_at);
      const next = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + everyMonths, last.getUTCDate()));
      if (next.toISOString() <= now) {
        due.push({
          vehicle,
          reason: `service due since ${next.toISOString().slice(0, 10)} (every ${everyMonths} months)`,
          weight: 1,
        });
      }
    }
  }
  return due.sort((a, b) => b.weight - a.weight).map(({ vehicle, reason }) => ({ vehicle, reason }));
}

export const FLEET_MUTATIONS = [
  rentalAccessoryCreate,
  rentalClassCreate,
  rentalVehicleCreate,
  rentalVehicleSetStatus,
  rentalMaintenanceBlock,
  rentalMaintenanceComplete,
];
