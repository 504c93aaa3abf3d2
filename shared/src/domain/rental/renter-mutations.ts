import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  MANAGE_ROLES,
  OWNER_ONLY,
  update,
  WRITE_ROLES,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Email, Id, OptionalText, Phone, presentFields, requireFound } from '../common.ts';
import { doNotRentMatches, retentionUntil } from './renter-rules.ts';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const OptionalDate = Type.Optional(Type.Union([DateText, Type.Null()]));

const RENTER_FIELDS = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  birthDate: OptionalDate,
  address: OptionalText(300),
  phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  idDocType: Type.Optional(Type.Union([Type.Enum(['passport', 'id_card', 'residence_permit']), Type.Null()])),
  idDocNumber: OptionalText(40),
  idDocCountry: OptionalText(2),
  idDocExpires: OptionalDate,
  licenceNumber: OptionalText(40),
  licenceCountry: OptionalText(2),
  licenceCategories: OptionalText(40),
  licenceIssued: OptionalDate,
  licenceExpires: OptionalDate,
  /** The counter checked the documents in person now. */
  documentsChecked: Type.Optional(Type.Boolean()),
};

const COLUMNS = {
  name: 'name',
  birthDate: 'birth_date',
  address: 'address',
  phone: 'phone',
  email: 'email',
  idDocType: 'id_doc_type',
  idDocNumber: 'id_doc_number',
  idDocCountry: 'id_doc_country',
  idDocExpires: 'id_doc_expires',
  licenceNumber: 'licence_number',
  licenceCountry: 'licence_country',
  licenceCategories: 'licence_categories',
  licenceIssued: 'licence_issued',
  licenceExpires: 'licence_expires',
} as const;

function warningsFor(renter: Record<string, unknown>, list: readonly Row[]): string[] {
  return doNotRentMatches({ id: '', tenant_id: '', ...renter } as never, list).map(
    (entry) => `on the do-not-rent list: ${String(entry.name)} (${String(entry.reason)})`,
  );
}

export const rentalCustomerCreate = defineMutation({
  name: 'rental.customerCreate',
  description: 'Register a renter with ID document and driving licence; warns on a do-not-rent match',
  roles: WRITE_ROLES,
  input: Type.Object(RENTER_FIELDS, { additionalProperties: false }),
  load: () => ({ doNotRent: find('rental_do_not_rent', {}) }),
  decide(input, state, ctx) {
    const id = ctx.newId();
    const row = {
      id,
      ...presentFields(input as Record<string, unknown>, COLUMNS),
      name: input.name.trim(),
      licence_number: input.licenceNumber?.trim().toUpperCase() || null,
      id_doc_number: input.idDocNumber?.trim().toUpperCase() || null,
      checked_by: input.documentsChecked ? ctx.actor.userId : null,
      checked_at: input.documentsChecked ? ctx.now : null,
    };
    return {
      changes: [insert('rental_customers', row)],
      result: { customerId: id, warnings: warningsFor(row, state.doNotRent) },
    };
  },
});

export const rentalCustomerUpdate = defineMutation({
  name: 'rental.customerUpdate',
  description: "Correct a renter's details or record that the documents were checked",
  roles: WRITE_ROLES,
  input: Type.Object(
    { customerId: Id, ...Object.fromEntries(Object.entries(RENTER_FIELDS).map(([k, v]) => [k, Type.Optional(v)])) },
    { additionalProperties: false },
  ),
  load: (input) => ({ renter: get('rental_customers', input.customerId), doNotRent: find('rental_do_not_rent', {}) }),
  decide(input, state, ctx) {
    const renter = requireFound(state.renter, 'renter');
    if (renter.erased_at) throw new DomainError('conflict', "this renter's data was erased");
    const set: Record<string, unknown> = presentFields(input as Record<string, unknown>, COLUMNS);
    if (typeof set.licence_number === 'string') set.licence_number = set.licence_number.trim().toUpperCase();
    if ((input as { documentsChecked?: boolean }).documentsChecked) {
      set.checked_by = ctx.actor.userId;
      set.checked_at = ctx.now;
    }
    if (Object.keys(set).length === 0) throw new DomainError('invalid', 'nothing to change');
    return {
      changes: [update('rental_customers', renter.id, set)],
      result: { customerId: renter.id, warnings: warningsFor({ ...renter, ...set }, state.doNotRent) },
    };
  },
});

export const rentalDoNotRentAdd = defineMutation({
  name: 'rental.doNotRentAdd',
  description: 'Put a person on the do-not-rent list (matched on licence, phone, email or ID number)',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 120 }),
      licenceNumber: OptionalText(40),
      phone: Type.Optional(Type.Union([Phone, Type.Null()])),
      email: Type.Optional(Type.Union([Email, Type.Null()])),
      idDocNumber: OptionalText(40),
      reason: Type.String({ minLength: 1, maxLength: 300 }),
    },
    { additionalProperties: false },
  ),
  load: () => ({}),
  decide(input, _state, ctx) {
    if (!input.licenceNumber && !input.phone && !input.email && !input.idDocNumber) {
      throw new DomainError('invalid', 'give at least one of licence number, phone, email or ID number to match on');
    }
    const id = ctx.newId();
    return {
      changes: [
        insert('rental_do_not_rent', {
          id,
          name: input.name.trim(),
          licence_number: input.licenceNumber?.trim().toUpperCase() || null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          id_doc_number: input.idDocNumber?.trim().toUpperCase() || null,
          reason: input.reason.trim(),
        }),
      ],
      result: { entryId: id },
    };
  },
});

/**
 * Erasure (data protection): the person is blanked, the row and its bookings stay for the
 * accounting records the law requires, until 10 years after the last of them.
 */
export const rentalCustomerErase = defineMutation({
  name: 'rental.customerErase',
  description: "Erase a renter's personal data, keeping the accounting records until the retention date",
  roles: OWNER_ONLY,
  input: Type.Object({ customerId: Id }, { additionalProperties: false }),
  load: (input) => ({
    renter: get('rental_customers', input.customerId),
    contracts: find('rental_contracts', { customer_id: input.customerId }),
  }),
  decide(_input, state, ctx) {
    const renter = requireFound(state.renter, 'renter');
    if (renter.erased_at) return { changes: [], result: { retainUntil: renter.retain_until } };
    if (state.contracts.some((contract) => contract.status === 'open' || contract.status === 'returned')) {
      throw new DomainError('conflict', 'the renter has a rental that is not closed yet');
    }
    const last = state.contracts
      .map((contract) => String(contract.closed_at ?? contract.opened_at ?? ''))
      .reduce((a, b) => (a > b ? a : b), ctx.now);
    const retainUntil = retentionUntil(last);
    const blank = Object.fromEntries(Object.values(COLUMNS).map((column) => [column, null]));
    return {
      changes: [
        update('rental_customers', renter.id, {
          ...blank,
          name: 'Erased renter',
          checked_by: null,
          checked_at: null,
          erased_at: ctx.now,
          retain_until: retainUntil,
        }),
      ],
      result: { retainUntil },
    };
  },
});

/** A renter's data as JSON (the right of access): the person, their bookings and contracts. */
export function renterDataExport(input: {
  renter: Row;
  reservations: readonly Row[];
  contracts: readonly Row[];
}): Record<string, unknown> {
  const { tenant_id: _tenant, ...person } = input.renter;
  return {
    person,
    reservations: input.reservations.map(({ tenant_id: _t, ...rest }) => rest),
    contracts: input.contracts.map(({ tenant_id: _t, ...rest }) => rest),
  };
}

export const RENTER_MUTATIONS = [rentalCustomerCreate, rentalCustomerUpdate, rentalDoNotRentAdd, rentalCustomerErase];
