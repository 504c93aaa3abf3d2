import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testContext, testId, testRow } from '../../mutations/test-context.ts';
import type { Row } from '../../schema/table-spec.ts';
import { domainError, inserted, run, updated } from '../garage/test-rows.ts';
import { busyPeriods, freeVehicles, overlaps } from './availability.ts';
import { rentalContractClose, rentalContractOpen, rentalContractReturn } from './contract-mutations.ts';
import { rentalDays, returnCharges, roundToFiveRappen, timeCharge, totals } from './pricing.ts';
import { doNotRentMatches, driverProblems, retentionUntil } from './renter-rules.ts';
import { rentalReservationCreate, rentalReservationNoShow } from './reservation-mutations.ts';

const ctx = testContext({ deviceCode: 'ZRH1A', now: '2026-11-22T09:30:00.000Z' });
const server = { ...testContext({ deviceCode: 'ZRH1A', now: '2026-11-22T09:30:00.000Z' }), authoritative: true };

const compact = testRow('rental_classes', {
  id: testId(1001),
  code: 'COMPACT',
  name: 'Compact',
  currency: 'CHF',
  daily_minor: 8_900,
  weekly_minor: 49_000,
  monthly_minor: null,
  included_km_per_day: 200,
  extra_km_minor: 45,
  deposit_minor: 100_000,
  min_age: 21,
  min_licence_years: 2,
  active: true,
});
const vehicle = (n: number, plate: string): Row =>
  testRow('rental_vehicles', {
    id: testId(2000 + n),
    site_id: testId(900_011),
    class_id: compact.id,
    plate,
    make: 'VW',
    model: 'Golf',
    fuel_type: 'petrol',
    odometer_km: 12_000,
    status: 'available',
  });
const golf = vehicle(1, 'ZH 100 001');
const polo = vehicle(2, 'ZH 100 002');
const renter = testRow('rental_customers', {
  id: testId(3001),
  name: 'Anna Meier',
  birth_date: '1990-04-02',
  licence_number: 'CH-123456',
  licence_issued: '2010-05-01',
  licence_expires: '2031-05-01',
  phone: '+41791234567',
});
const booking = (n: number, values: Record<string, unknown>): Row =>
  testRow('rental_reservations', {
    id: testId(4000 + n),
    site_id: testId(900_011),
    return_site_id: testId(900_011),
    number: `R-${n}`,
    customer_id: renter.id,
    class_id: compact.id,
    vehicle_id: golf.id,
    starts_at: '2026-12-01T09:00:00.000Z',
    ends_at: '2026-12-04T09:00:00.000Z',
    status: 'confirmed',
    double_booked: false,
    made_offline: false,
    extras: [],
    quote_minor: 26_700,
    deposit_minor: 100_000,
    currency: 'CHF',
    ...values,
  });

const reserveState = (reservations: Row[] = []) => ({
  renter,
  rentalClass: compact,
  vehicle: golf,
  classVehicles: [golf, polo],
  reservations,
  contracts: [],
  maintenance: [],
  accessories: [
    testRow('rental_accessories', {
      code: 'child_seat',
      name: 'Child seat',
      price_per_day_minor: 1_200,
      max_price_minor: 6_000,
      active: true,
    }),
  ],
  doNotRent: [],
});
const reserveInput = {
  customerId: renter.id,
  classId: compact.id,
  vehicleId: golf.id,
  startsAt: '2026-12-03T09:00:00.000Z',
  endsAt: '2026-12-06T09:00:00.000Z',
  extras: ['child_seat'],
};

describe('pricing', () => {
  it('counts started days with a grace hour, and refuses a return before the pickup', () => {
    expect(rentalDays('2026-12-01T09:00:00.000Z', '2026-12-02T09:59:00.000Z')).toBe(1);
    expect(rentalDays('2026-12-01T09:00:00.000Z', '2026-12-02T10:00:00.000Z')).toBe(2);
    expect(domainError(() => rentalDays('2026-12-02T09:00:00.000Z', '2026-12-01T09:00:00.000Z')).message).toContain(
      'after the pickup',
    );
  });

  it('takes the weekly rate when it is cheaper', () => {
    const rates = {
      daily_minor: 8_900,
      weekly_minor: 49_000,
      monthly_minor: null,
      included_km_per_day: 200,
      extra_km_minor: 45,
    };
    expect(timeCharge(rates, 3)).toBe(26_700);
    expect(timeCharge(rates, 7)).toBe(49_000);
    expect(timeCharge(rates, 9)).toBe(49_000 + 17_800);
    expect(timeCharge(rates, 13)).toBe(98_000); // 1 week + 6 days costs more than two weeks
  });

  it('charges late days, extra km and refuelling at return', () => {
    const rates = {
      daily_minor: 8_900,
      weekly_minor: null,
      monthly_minor: null,
      included_km_per_day: 200,
      extra_km_minor: 45,
    };
    const lines = returnCharges(rates, {
      openedAt: '2026-12-01T09:00:00.000Z',
      dueAt: '2026-12-03T09:00:00.000Z',
      returnedAt: '2026-12-04T08:00:00.000Z',
      kmOut: 12_000,
      kmIn: 12_700,
      fuelOut: 8,
      fuelIn: 6,
      ev: false,
      extras: [{ code: 'child_seat', name: 'Child seat', pricePerDayMinor: 1_200, maxPriceMinor: 6_000 }],
      damageChargesMinor: 0,
    });
    expect(lines.map((line) => [line.code, line.amountMinor])).toEqual([
      ['time', 17_800],
      ['late', 8_900],
      ['extra:child_seat', 3_600],
      ['extra_km', 100 * 45],
      ['refuel', 3_000],
    ]);
  });

  it('takes the VAT out of the gross total at 8.1 % and rounds only the cash payable to 0.05', () => {
    const lines = [{ code: 'time', label: 'Rental', amountMinor: 26_703 }];
    const cash = totals(lines, 'CH', '2026-12-04', { cash: true, paidMinor: 0 });
    expect(cash).toMatchObject({
      totalMinor: 26_703,
      vatRateBp: 810,
      vatMinor: 2_001,
      payableMinor: 26_705,
      roundingMinor: 2,
    });
    expect(totals(lines, 'CH', '2026-12-04', { cash: false, paidMinor: 0 }).payableMinor).toBe(26_703);
    expect(totals(lines, 'CH', '2023-06-01', { cash: false, paidMinor: 0 }).vatRateBp).toBe(770); // dated rates
  });

  it('rounds to 5 Rappen: never more than 2 away, always a multiple of 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (minor) => {
        const rounded = roundToFiveRappen(minor);
        return rounded % 5 === 0 && Math.abs(rounded - minor) <= 2;
      }),
    );
  });
});

describe('availability', () => {
  it('never offers a vehicle whose booking overlaps the period', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 11, 1 + d)).toISOString();
    fc.assert(
      fc.property(
        fc.array(fc.record({ v: fc.nat(3), s: fc.nat(20), len: fc.integer({ min: 1, max: 5 }) }), { maxLength: 12 }),
        fc.nat(20),
        fc.integer({ min: 1, max: 6 }),
        (bookings, s, len) => {
          const fleet = [0, 1, 2, 3].map((n) => vehicle(10 + n, `ZH ${n}`));
          const rows = bookings.map((b, i) =>
            booking(100 + i, { vehicle_id: fleet[b.v]!.id, starts_at: day(b.s), ends_at: day(b.s + b.len) }),
          );
          const period = { start: day(s), end: day(s + len) };
          const busy = busyPeriods({ reservations: rows, contracts: [], maintenance: [] });
          return freeVehicles(fleet, busy, period).every(
            (free) => !busy.some((entry) => entry.vehicleId === free.id && overlaps(entry, period)),
          );
        },
      ),
    );
  });
});

describe('renter rules', () => {
  it('names each failed rule: age, licence years, expiry', () => {
    const young = { ...renter, birth_date: '2006-01-01', licence_issued: '2025-06-01', licence_expires: '2026-12-02' };
    expect(driverProblems(young, compact, { pickupDate: '2026-12-01', returnDate: '2026-12-05' })).toEqual([
      'Anna Meier is 20; Compact needs 21 or older',
      'Anna Meier has held a licence for less than 2 years (Compact)',
      'Anna Meier: driving licence expires on 2026-12-02, before the return',
    ]);
    expect(driverProblems(renter, compact, { pickupDate: '2026-12-01', returnDate: '2026-12-05' })).toEqual([]);
  });

  it('matches the do-not-rent list on licence, phone, email or ID number, ignoring spacing and case', () => {
    const list = [
      testRow('rental_do_not_rent', { name: 'A. Meier', licence_number: 'ch 123-456', reason: 'unpaid damage' }),
    ];
    expect(doNotRentMatches(renter, list)).toHaveLength(1);
    expect(doNotRentMatches({ ...renter, licence_number: 'CH-999' }, list)).toHaveLength(0);
  });

  it('keeps accounting records 10 years', () => {
    expect(retentionUntil('2026-11-22T09:30:00.000Z')).toBe('2036-11-22');
  });
});

describe('rental.reservationCreate', () => {
  it('is tentative on a counter and confirmed by the server, with a quote and a number of the device series', () => {
    const local = run(rentalReservationCreate, reserveInput, reserveState(), ctx);
    expect(inserted(local, 'rental_reservations')[0]).toMatchObject({
      status: 'tentative',
      double_booked: false,
      number: 'RZRH1A-26-00001',
      quote_minor: 3 * 8_900 + 3 * 1_200,
      deposit_minor: 100_000,
      currency: 'CHF',
    });
    const authority = run(rentalReservationCreate, reserveInput, reserveState(), server);
    expect(inserted(authority, 'rental_reservations')[0]?.status).toBe('confirmed');
  });

  it('refuses an overlap on the counter and on the server for a booking made online', () => {
    const state = reserveState([booking(1, {})]);
    expect(domainError(() => run(rentalReservationCreate, reserveInput, state, ctx)).message).toContain(
      'ZH 100 001 is booked',
    );
    expect(domainError(() => run(rentalReservationCreate, reserveInput, state, server)).code).toBe('conflict');
  });

  it('keeps an offline booking that clashes on the server: both flagged, one conflict offering the free vehicles', () => {
    const other = booking(1, {});
    const ran = run(rentalReservationCreate, { ...reserveInput, madeOffline: true }, reserveState([other]), server, [
      other,
    ]);
    expect(inserted(ran, 'rental_reservations')[0]).toMatchObject({ status: 'tentative', double_booked: true });
    expect(updated(ran, 'rental_reservations').map((change) => [change.id, change.after.double_booked])).toEqual([
      [other.id, true],
    ]);
    const conflicts = inserted(ran, 'conflicts');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.winning_value).toEqual({ value: { freeVehicles: [{ id: polo.id, plate: 'ZH 100 002' }] } });
  });

  it('refuses a renter too young for the class, with the reason', () => {
    const state = { ...reserveState(), renter: { ...renter, birth_date: '2008-01-01' } };
    expect(domainError(() => run(rentalReservationCreate, reserveInput, state, ctx)).message).toContain(
      'needs 21 or older',
    );
  });

  it('marks a no-show only after the grace period, with one day as the fee', () => {
    const reservation = booking(2, { starts_at: '2026-11-22T08:00:00.000Z', ends_at: '2026-11-25T08:00:00.000Z' });
    expect(
      domainError(() => run(rentalReservationNoShow, { reservationId: reservation.id }, { reservation }, ctx)).message,
    ).toContain('too early');
    const later = testContext({ now: '2026-11-22T10:30:00.000Z' });
    const ran = run(rentalReservationNoShow, { reservationId: reservation.id }, { reservation }, later, [reservation]);
    expect(updated(ran, 'rental_reservations')[0]?.after).toMatchObject({
      status: 'no_show',
      no_show_fee_minor: 8_900,
    });
  });
});

describe('rental contracts', () => {
  const openInput = {
    customerId: renter.id,
    vehicleId: golf.id,
    dueAt: '2026-11-25T09:30:00.000Z',
    kmOut: 12_010,
    fuelOut: 8,
    damagesOut: [{ id: 'd1', x: 0.2, y: 0.3, type: 'scratch', severity: 'minor' }],
    deductibleMinor: 150_000,
    termsVersion: '2026-01',
  };
  const openState = {
    reservation: null,
    renter,
    drivers: [renter],
    vehicle: golf,
    reservations: [],
    contracts: [],
    maintenance: [],
    classes: [compact],
    accessories: [],
    doNotRent: [],
  };

  it('opens with a number from the device series, marks the vehicle rented, and refuses a booked vehicle', () => {
    const ran = run(rentalContractOpen, openInput, openState, ctx, [golf]);
    expect(inserted(ran, 'rental_contracts')[0]).toMatchObject({
      number: 'ZRH1A-26-00001',
      status: 'open',
      km_out: 12_010,
    });
    expect(updated(ran, 'rental_vehicles')[0]?.after).toMatchObject({ status: 'rented', odometer_km: 12_010 });
    const booked = {
      ...openState,
      reservations: [booking(3, { starts_at: '2026-11-23T09:00:00.000Z', ends_at: '2026-11-24T09:00:00.000Z' })],
    };
    expect(domainError(() => run(rentalContractOpen, openInput, booked, ctx)).message).toContain(
      'booked before the return',
    );
    expect(domainError(() => run(rentalContractOpen, { ...openInput, kmOut: 100 }, openState, ctx)).message).toContain(
      'below',
    );
  });

  it('returns with charges and closes with VAT and the deposit set off', () => {
    const contract = inserted(run(rentalContractOpen, openInput, openState, ctx, [golf]), 'rental_contracts')[0]!;
    const back = testContext({ now: '2026-11-25T09:00:00.000Z' });
    const returned = run(
      rentalContractReturn,
      { contractId: contract.id, kmIn: 12_900, fuelIn: 7, damagesIn: [], damageChargesMinor: 25_000 },
      { contract },
      back,
      [contract, golf],
    );
    const after = updated(returned, 'rental_contracts')[0]!.after;
    expect(after.charges).toEqual([
      { code: 'time', label: 'Rental 3 days', amountMinor: 26_700 },
      { code: 'extra_km', label: '290 km over the included', amountMinor: 13_050 },
      { code: 'refuel', label: 'Refuel 1/8 tank', amountMinor: 1_500 },
      { code: 'damage', label: 'Damage', amountMinor: 25_000 },
    ]);
    const deposit = testRow('payments', {
      contract_id: contract.id,
      kind: 'advance',
      method: 'cash',
      amount_minor: 50_000,
      currency: 'CHF',
      status: 'confirmed',
      recorded_by: testId(1),
    });
    const closed = run(
      rentalContractClose,
      { contractId: contract.id, cash: true },
      {
        contract: after,
        tenant: testRow('tenants', { id: ctx.tenantId, name: 'Alpen Rent', country: 'CH', currency: 'CHF' }),
        payments: [deposit],
        sites: [],
      },
      back,
      [after],
    );
    expect(updated(closed, 'rental_contracts')[0]?.after).toMatchObject({
      status: 'closed',
      total_minor: 66_250,
      vat_minor: 4_964,
      payable_minor: 16_250,
    });
  });
});
