import { describe, expect, it } from 'vitest';
import { SITE_1, planDecision, testContext, testId, testRow } from '../../mutations/test-context.ts';
import { normaliseRegistration, vehicleCreate, vehicleUpdate } from './mutations.ts';

describe('normaliseRegistration', () => {
  it.each([
    ['ka 01 ab 1234', 'KA 01 AB 1234'],
    ['  KA01AB1234  ', 'KA01AB1234'],
    ['zh\t123\n 456', 'ZH 123 456'],
    ['be   12  345', 'BE 12 345'],
  ])('%j becomes %j', (raw, normalised) => {
    expect(normaliseRegistration(raw)).toBe(normalised);
  });
});

describe('vehicle.create', () => {
  const customer = testRow('customers', { id: testId(1), name: 'Asha' });

  it('stores the registration normalised, at the device site, for the customer', () => {
    const ctx = testContext({ firstId: 20 });
    const decision = vehicleCreate.decide(
      { registration: ' ka 01  ab 1234 ', customerId: customer.id, make: 'Maruti', year: 2019 },
      { customer },
      ctx,
    );
    expect(decision.result).toEqual({ vehicleId: testId(20) });
    expect(decision.changes).toEqual([
      {
        op: 'insert',
        table: 'vehicles',
        row: {
          id: testId(20),
          site_id: SITE_1,
          customer_id: customer.id,
          registration: 'KA 01 AB 1234',
          make: 'Maruti',
          year: 2019,
        },
      },
    ]);
    expect(planDecision(decision, [], ctx)[0]?.after).toMatchObject({ model: null, vin: null });
  });

  it('does not need a customer', () => {
    const decision = vehicleCreate.decide({ registration: 'ZH 123456' }, { customer: null }, testContext());
    expect(decision.changes[0]).toMatchObject({ row: { registration: 'ZH 123456' } });
    expect(decision.changes[0]).not.toMatchObject({ row: { customer_id: expect.anything() } });
  });

  it('refuses a customer it cannot see', () => {
    expect(() =>
      vehicleCreate.decide({ registration: 'ZH 1', customerId: customer.id }, { customer: null }, testContext()),
    ).toThrow(expect.objectContaining({ code: 'not-found', message: 'customer not found' }));
  });
});

describe('vehicle.update', () => {
  const vehicle = testRow('vehicles', { id: testId(2), registration: 'KA 01 AB 1234' });

  it('normalises a new registration and leaves other fields alone', () => {
    const decision = vehicleUpdate.decide(
      { vehicleId: vehicle.id, registration: 'ka02 x 9', model: 'Swift' },
      { vehicle, customer: null },
      testContext(),
    );
    expect(decision.changes).toEqual([
      { op: 'update', table: 'vehicles', id: vehicle.id, set: { registration: 'KA02 X 9', model: 'Swift' } },
    ]);
  });

  it('refuses an update that changes nothing, a missing vehicle and an unseen new owner', () => {
    expect(() => vehicleUpdate.decide({ vehicleId: vehicle.id }, { vehicle, customer: null }, testContext())).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'vehicle.update: nothing to change' }),
    );
    expect(() =>
      vehicleUpdate.decide({ vehicleId: vehicle.id, make: 'Tata' }, { vehicle: null, customer: null }, testContext()),
    ).toThrow(expect.objectContaining({ code: 'not-found', message: 'vehicle not found' }));
    expect(() =>
      vehicleUpdate.decide(
        { vehicleId: vehicle.id, customerId: testId(3) },
        { vehicle, customer: null },
        testContext(),
      ),
    ).toThrow(expect.objectContaining({ code: 'not-found', message: 'customer not found' }));
  });
});
