import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, update, WRITE_ROLES } from '../../mutations/types.ts';
import { Id, OptionalText, presentFields, requireFound, targetSite } from '../common.ts';

const VEHICLE_FIELDS = {
  customerId: 'customer_id',
  registration: 'registration',
  make: 'make',
  model: 'model',
  year: 'year',
  vin: 'vin',
} as const;

const details = {
  customerId: Type.Optional(Type.Union([Id, Type.Null()])),
  make: OptionalText(60),
  model: OptionalText(60),
  year: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()])),
  vin: OptionalText(17),
};

/** Registration numbers are compared and stored upper-case without inner whitespace runs. */
export function normaliseRegistration(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, ' ');
}

export const vehicleCreate = defineMutation({
  name: 'vehicle.create',
  description: 'Register a vehicle at a site, optionally owned by a customer',
  roles: WRITE_ROLES,
  input: Type.Object(
    { siteId: Type.Optional(Id), registration: Type.String({ minLength: 1, maxLength: 20 }), ...details },
    { additionalProperties: false },
  ),
  load: (input) => ({ customer: get('customers', input.customerId) }),
  decide(input, state, ctx) {
    if (input.customerId) requireFound(state.customer, 'customer');
    const id = ctx.newId();
    const row = {
      id,
      site_id: targetSite(input, ctx),
      ...presentFields(input, VEHICLE_FIELDS),
      registration: normaliseRegistration(input.registration),
    };
    return { changes: [insert('vehicles', row)], result: { vehicleId: id } };
  },
});

export const vehicleUpdate = defineMutation({
  name: 'vehicle.update',
  description: 'Change some fields of a vehicle',
  roles: WRITE_ROLES,
  input: Type.Object(
    { vehicleId: Id, registration: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })), ...details },
    { additionalProperties: false },
  ),
  load: (input) => ({ vehicle: get('vehicles', input.vehicleId), customer: get('customers', input.customerId) }),
  decide(input, state) {
    const vehicle = requireFound(state.vehicle, 'vehicle');
    if (input.customerId) requireFound(state.customer, 'customer');
    const set = presentFields(input, VEHICLE_FIELDS);
    if (input.registration !== undefined) set.registration = normaliseRegistration(input.registration);
    if (Object.keys(set).length === 0) throw new DomainError('invalid', 'vehicle.update: nothing to change');
    return { changes: [update('vehicles', vehicle.id, set)] };
  },
});
