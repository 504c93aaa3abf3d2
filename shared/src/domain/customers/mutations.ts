import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, MANAGE_ROLES, remove, update, WRITE_ROLES } from '../../mutations/types.ts';
import { Email, Id, OptionalText, Phone, presentFields, requireFound, targetSite } from '../common.ts';

const CUSTOMER_FIELDS = {
  name: 'name',
  phone: 'phone',
  email: 'email',
  address: 'address',
  taxId: 'tax_id',
  notes: 'notes',
} as const;

const details = {
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  address: OptionalText(500),
  taxId: OptionalText(32),
  notes: OptionalText(4000),
};

export const customerCreate = defineMutation({
  name: 'customer.create',
  description: 'Create a customer at a site',
  roles: WRITE_ROLES,
  input: Type.Object(
    { siteId: Type.Optional(Id), name: Type.String({ minLength: 1, maxLength: 200 }), ...details },
    { additionalProperties: false },
  ),
  load: () => ({}),
  decide(input, _state, ctx) {
    const id = ctx.newId();
    const row = { id, site_id: targetSite(input, ctx), ...presentFields(input, CUSTOMER_FIELDS) };
    return { changes: [insert('customers', row)], result: { customerId: id } };
  },
});

export const customerUpdate = defineMutation({
  name: 'customer.update',
  description: 'Change some fields of a customer; fields left out stay as they are',
  roles: WRITE_ROLES,
  input: Type.Object(
    { customerId: Id, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), ...details },
    { additionalProperties: false },
  ),
  load: (input) => ({ customer: get('customers', input.customerId) }),
  decide(input, state) {
    const customer = requireFound(state.customer, 'customer');
    const set = presentFields(input, CUSTOMER_FIELDS);
    if (Object.keys(set).length === 0) throw new DomainError('invalid', 'customer.update: nothing to change');
    return { changes: [update('customers', customer.id, set)] };
  },
});

export const customerDelete = defineMutation({
  name: 'customer.delete',
  description: 'Delete a customer who has no open jobs',
  roles: MANAGE_ROLES,
  input: Type.Object({ customerId: Id }, { additionalProperties: false }),
  load: (input) => ({
    customer: get('customers', input.customerId),
    jobs: { kind: 'find', table: 'jobs', where: { customer_id: input.customerId } } as const,
  }),
  decide(input, state) {
    const customer = requireFound(state.customer, 'customer');
    const open = state.jobs.filter((job) => job.status !== 'delivered' && job.status !== 'cancelled');
    if (open.length > 0) throw new DomainError('conflict', `the customer has ${open.length} open job(s)`);
    return { changes: [remove('customers', customer.id)] };
  },
});
