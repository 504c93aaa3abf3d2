import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  update,
  WRITE_ROLES,
  type Change,
  type MutationContext,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, IsoTime, OptionalText, requireFound, targetSite } from '../common.ts';
import { busyPeriods, clashes, freeVehicles, type Busy } from './availability.ts';
import { classRates, extrasFrom } from './rates.ts';
import { quote, rentalDays } from './pricing.ts';
import { doNotRentMatches, requireDrivers } from './renter-rules.ts';

/** After this long past the pickup time a reservation nobody collected may be marked a no-show. */
export const NO_SHOW_GRACE_MS = 2 * 3_600_000;

function reservationNumber(ctx: MutationContext): string {
  const year = ctx.now.slice(2, 4);
  const seq = ctx.nextSeq(`reservation:${ctx.deviceCode}:${year}`);
  return `R${ctx.deviceCode}-${year}-${String(seq).padStart(5, '0')}`;
}

const describe = (entry: Busy) =>
  `${entry.kind} from ${entry.start.slice(0, 16).replace('T', ' ')} to ${entry.end.slice(0, 16).replace('T', ' ')}`;

/**
 * Book a vehicle (or a class) for a period. On a counter the booking is checked against the
 * replica and stays `tentative` until the server has accepted it. The server is the authority: a
 * booking made while the counter was online that overlaps another is rejected; one made offline
 * is kept, both bookings are flagged double-booked, and one conflict item offers the free
 * vehicles of the class (PostgreSQL's exclusion constraint never lets two confirmed overlap).
 */
export const rentalReservationCreate = defineMutation({
  name: 'rental.reservationCreate',
  description: 'Reserve a vehicle or a class for a period, with extras, a quoted price and a deposit',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      customerId: Id,
      classId: Id,
      vehicleId: Type.Optional(Type.Union([Id, Type.Null()])),
      startsAt: IsoTime,
      endsAt: IsoTime,
      siteId: Type.Optional(Id),
      returnSiteId: Type.Optional(Id),
      extras: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
      depositMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
      /** Set by the counter when it was offline: the server then keeps a clash and flags it. */
      madeOffline: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({
    renter: get('rental_customers', input.customerId),
    rentalClass: get('rental_classes', input.classId),
    vehicle: get('rental_vehicles', input.vehicleId ?? null),
    classVehicles: find('rental_vehicles', { class_id: input.classId }),
    reservations: find('rental_reservations', { class_id: input.classId }),
    contracts: find('rental_contracts', { class_id: input.classId }),
    maintenance: find('rental_maintenance', {}),
    accessories: find('rental_accessories', {}),
    doNotRent: find('rental_do_not_rent', {}),
  }),
  decide(input, state, ctx) {
    const renter = requireFound(state.renter, 'renter');
    const rentalClass = requireFound(state.rentalClass, 'vehicle class');
    const period = { start: input.startsAt, end: input.endsAt };
    rentalDays(input.startsAt, input.endsAt); // a clear error for a period that ends before it starts
    requireDrivers([renter], rentalClass, {
      pickupDate: input.startsAt.slice(0, 10),
      returnDate: input.endsAt.slice(0, 10),
    });
    const vehicle = input.vehicleId ? requireFound(state.vehicle, 'vehicle') : null;
    if (vehicle && vehicle.class_id !== rentalClass.id) {
      throw new DomainError('invalid', `${String(vehicle.plate)} is not in the class ${String(rentalClass.name)}`);
    }
    if (vehicle?.status === 'out_of_service')
      throw new DomainError('conflict', `${String(vehicle.plate)} is out of service`);
    const busy = busyPeriods(state);
    const siteId = targetSite(input, ctx);
    const id = ctx.newId();
    const taken = vehicle ? clashes(busy, vehicle.id, period) : [];
    const free = freeVehicles(state.classVehicles, busy, period);
    const classFull = !vehicle && free.length === 0;
    const changes: Change[] = [];
    let status = ctx.authoritative ? 'confirmed' : 'tentative';
    let doubleBooked = false;
    if (taken.length > 0 || classFull) {
      const what = vehicle
        ? `${String(vehicle.plate)} is booked then (${taken.map(describe).join('; ')})`
        : `no ${String(rentalClass.name)} is free then`;
      // A counter refuses what its replica already shows as taken; so does the server for a
      // booking made online. A booking made offline is kept and flagged (the rule).
      if (!ctx.authoritative || !input.madeOffline) throw new DomainError('conflict', what);
      status = 'tentative';
      doubleBooked = true;
      for (const other of taken.filter((entry) => entry.kind === 'reservation')) {
        changes.push(update('rental_reservations', other.id, { double_booked: true }));
      }
      changes.push(doubleBookingConflict(ctx, { id, siteId, others: taken, free }));
    }
    const extras = extrasFrom(state.accessories, input.extras ?? []);
    const rates = classRates(rentalClass, vehicle);
    const row = {
      id,
      site_id: siteId,
      return_site_id: input.returnSiteId ?? siteId,
      number: reservationNumber(ctx),
      customer_id: renter.id,
      class_id: rentalClass.id,
      vehicle_id: vehicle?.id ?? null,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      status,
      double_booked: doubleBooked,
      made_offline: input.madeOffline ?? false,
      extras: extras.map((extra) => extra.code),
      quote_minor: quote(rates, input.startsAt, input.endsAt, extras),
      deposit_minor: input.depositMinor ?? Number(vehicle?.deposit_minor ?? rentalClass.deposit_minor),
      currency: rentalClass.currency,
    };
    const warnings = doNotRentMatches(renter, state.doNotRent).map(
      (entry) => `on the do-not-rent list: ${String(entry.name)} (${String(entry.reason)})`,
    );
    return {
      changes: [insert('rental_reservations', row), ...changes],
      result: { reservationId: id, number: row.number, status, doubleBooked, quoteMinor: row.quote_minor, warnings },
    };
  },
});

function doubleBookingConflict(
  ctx: MutationContext,
  booking: { id: string; siteId: string; others: readonly Busy[]; free: readonly Row[] },
): Change {
  return insert('conflicts', {
    id: ctx.newId(),
    site_id: booking.siteId,
    table_name: 'rental_reservations',
    row_id: booking.id,
    field: 'double_booked',
    losing_value: { value: { clashesWith: booking.others.map((entry) => ({ kind: entry.kind, id: entry.id })) } },
    losing_hlc: ctx.hlc,
    losing_actor_id: ctx.actor.userId,
    winning_value: {
      value: { freeVehicles: booking.free.map((vehicle) => ({ id: vehicle.id, plate: vehicle.plate })) },
    },
    winning_hlc: ctx.hlc,
    winning_actor_id: null,
  });
}

/** Move a reservation to another vehicle of its class; clears a double booking that no longer clashes. */
export const rentalReservationReassign = defineMutation({
  name: 'rental.reservationReassign',
  description: 'Give a reservation another vehicle (resolves a double booking)',
  roles: WRITE_ROLES,
  input: Type.Object({ reservationId: Id, vehicleId: Id }, { additionalProperties: false }),
  load: (input) => ({
    reservation: get('rental_reservations', input.reservationId),
    vehicle: get('rental_vehicles', input.vehicleId),
    reservations: find('rental_reservations', { vehicle_id: input.vehicleId }),
    contracts: find('rental_contracts', { vehicle_id: input.vehicleId }),
    maintenance: find('rental_maintenance', { vehicle_id: input.vehicleId }),
    conflicts: find('conflicts', { row_id: input.reservationId }),
  }),
  decide(input, state, ctx) {
    const reservation = requireFound(state.reservation, 'reservation');
    const vehicle = requireFound(state.vehicle, 'vehicle');
    if (!['tentative', 'confirmed'].includes(String(reservation.status))) {
      throw new DomainError('conflict', `a ${String(reservation.status)} reservation cannot change vehicle`);
    }
    if (vehicle.class_id !== reservation.class_id)
      throw new DomainError('invalid', `${String(vehicle.plate)} is in another class`);
    const period = { start: String(reservation.starts_at), end: String(reservation.ends_at) };
    const taken = clashes(busyPeriods(state), vehicle.id, period, new Set([reservation.id]));
    if (taken.length > 0)
      throw new DomainError('conflict', `${String(vehicle.plate)} is booked then (${taken.map(describe).join('; ')})`);
    const changes: Change[] = [
      update('rental_reservations', reservation.id, {
        vehicle_id: vehicle.id,
        double_booked: false,
        ...(ctx.authoritative ? { status: 'confirmed' } : {}),
      }),
    ];
    for (const conflict of state.conflicts) {
      if (conflict.resolved_at || conflict.field !== 'double_booked') continue;
      changes.push(
        update('conflicts', conflict.id, {
          resolution: 'reassigned',
          resolved_by: ctx.actor.userId,
          resolved_at: ctx.now,
        }),
      );
    }
    return { changes };
  },
});

export const rentalReservationCancel = defineMutation({
  name: 'rental.reservationCancel',
  description: 'Cancel a reservation, with the reason',
  roles: WRITE_ROLES,
  input: Type.Object(
    { reservationId: Id, reason: Type.String({ minLength: 1, maxLength: 300 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ reservation: get('rental_reservations', input.reservationId) }),
  decide(input, state) {
    const reservation = requireFound(state.reservation, 'reservation');
    if (reservation.status === 'cancelled') return { changes: [] };
    if (!['tentative', 'confirmed'].includes(String(reservation.status))) {
      throw new DomainError('conflict', `a ${String(reservation.status)} reservation cannot be cancelled`);
    }
    return {
      changes: [
        update('rental_reservations', reservation.id, {
          status: 'cancelled',
          cancel_reason: input.reason.trim(),
          double_booked: false,
        }),
      ],
    };
  },
});

/** Nobody came: after the grace period, with a fee of one day of the class's rate. */
export const rentalReservationNoShow = defineMutation({
  name: 'rental.reservationNoShow',
  description: 'Mark a reservation nobody collected as a no-show (after a 2-hour grace), with its fee',
  roles: WRITE_ROLES,
  input: Type.Object(
    { reservationId: Id, waiveFee: Type.Optional(Type.Boolean()), note: OptionalText(300) },
    { additionalProperties: false },
  ),
  load: (input) => ({ reservation: get('rental_reservations', input.reservationId) }),
  decide(input, state, ctx) {
    const reservation = requireFound(state.reservation, 'reservation');
    if (!['tentative', 'confirmed'].includes(String(reservation.status))) {
      throw new DomainError('conflict', `a ${String(reservation.status)} reservation cannot be marked a no-show`);
    }
    const due = Date.parse(String(reservation.starts_at)) + NO_SHOW_GRACE_MS;
    if (Date.parse(ctx.now) < due) {
      throw new DomainError(
        'invalid',
        `too early: a no-show can be marked from ${new Date(due).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      );
    }
    const days = rentalDays(String(reservation.starts_at), String(reservation.ends_at));
    const fee = input.waiveFee ? 0 : Math.round(Number(reservation.quote_minor) / days);
    return {
      changes: [
        update('rental_reservations', reservation.id, {
          status: 'no_show',
          no_show_fee_minor: fee,
          cancel_reason: input.note?.trim() || null,
          double_booked: false,
        }),
      ],
      result: { feeMinor: fee },
    };
  },
});

export const RESERVATION_MUTATIONS = [
  rentalReservationCreate,
  rentalReservationReassign,
  rentalReservationCancel,
  rentalReservationNoShow,
];
