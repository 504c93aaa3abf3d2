import { describe, expect, it } from 'vitest';
import { SITE_2, testContext, testId, testRow } from '../../mutations/test-context.ts';
import { domainError, inserted, managerCtx, ownerCtx, run, tenantCH, tenantIN } from '../garage/test-rows.ts';
import { MANAGER } from '../garage/test-rows.ts';
import { jobIntake } from './intake.ts';

const newCustomer = {
  name: ' Ravi Kumar ',
  phone: '98123 45678',
  address: 'HSR Layout, Bengaluru',
  gstin: '29abcde1234f1zw',
};
const newVehicle = {
  registration: 'ka 05 mn 4321',
  make: 'Hyundai',
  model: 'i20',
  year: 2019,
  vin: '1M8GDM9AXKP042788',
};
const details = {
  concern: 'Brakes squeal when cold',
  estimateMinor: 450_000,
  odometerIn: 48_210,
  fuelLevelIn: 3,
  promisedAt: '2026-11-24T12:30:00.000Z',
  partsRequired: 'Front pads',
  workerName: 'Ramu',
  internalNotes: 'Prefers OEM parts',
  keyTag: 'K-17',
};

describe('job.intake', () => {
  it('creates customer, vehicle and job card with every intake field, and who opened it', () => {
    const ran = run(
      jobIntake,
      { customer: newCustomer, vehicle: newVehicle, ...details },
      { customer: null, vehicle: null, tenant: tenantIN },
      managerCtx({ firstSeq: { job: 7 } }),
    );
    const [customer] = inserted(ran, 'customers');
    const [vehicle] = inserted(ran, 'vehicles');
    const [job] = inserted(ran, 'jobs');
    expect(customer).toMatchObject({
      name: 'Ravi Kumar',
      phone: '+919812345678',
      tax_id: '29ABCDE1234F1ZW',
      state_code: '29',
    });
    expect(vehicle).toMatchObject({
      registration: 'KA 05 MN 4321',
      customer_id: customer?.id,
      vin: '1M8GDM9AXKP042788',
    });
    expect(job).toMatchObject({
      number: 'BLR1A-00007',
      status: 'pending',
      customer_id: customer?.id,
      vehicle_id: vehicle?.id,
      currency: 'INR',
      fuel_level_in: 3,
      parts_required: 'Front pads',
      worker_name: 'Ramu',
      internal_notes: 'Prefers OEM parts',
      created_by: MANAGER,
    });
    expect(inserted(ran, 'job_updates')[0]).toMatchObject({ kind: 'created', to_status: 'pending' });
    expect(ran.decision.result).toMatchObject({ number: 'BLR1A-00007', warnings: [] });
  });

  it('records the advance as an unconfirmed payment (confirmed when the owner takes it)', () => {
    const input = { customer: newCustomer, ...details, advance: { amountMinor: 100_000, method: 'cash' } };
    const [advance] = inserted(
      run(jobIntake, input, { customer: null, vehicle: null, tenant: tenantIN }, managerCtx()),
      'payments',
    );
    expect(advance).toMatchObject({ kind: 'advance', method: 'cash', amount_minor: 100_000, status: 'unconfirmed' });
    const [own] = inserted(
      run(jobIntake, input, { customer: null, vehicle: null, tenant: tenantIN }, ownerCtx()),
      'payments',
    );
    expect(own?.status).toBe('confirmed');
  });

  it('warns about a VIN failing its check digit but still opens the job', () => {
    const ran = run(
      jobIntake,
      { customer: newCustomer, vehicle: { ...newVehicle, vin: 'MA3EWDE1S00123456' } },
      { customer: null, vehicle: null, tenant: tenantIN },
      managerCtx(),
    );
    expect(inserted(ran, 'jobs')).toHaveLength(1);
    expect(ran.decision.result?.warnings).toEqual(['VIN MA3EWDE1S00123456: check digit is S, expected 6']);
  });

  it('refuses a bad GSTIN, a bad phone and an unknown state', () => {
    const state = { customer: null, vehicle: null, tenant: tenantIN };
    expect(
      domainError(() => run(jobIntake, { customer: { ...newCustomer, gstin: '29ABCDE1234F1ZX' } }, state, managerCtx()))
        .message,
    ).toMatch(/check character/);
    expect(
      domainError(() => run(jobIntake, { customer: { ...newCustomer, phone: 'none' } }, state, managerCtx())).message,
    ).toMatch(/phone/);
    expect(
      domainError(() =>
        run(jobIntake, { customer: { name: 'A', phone: '+41791234567', stateCode: '25' } }, state, managerCtx()),
      ).message,
    ).toMatch(/state code/);
    expect(domainError(() => run(jobIntake, { customer: newCustomer, fuelLevelIn: 9 }, state, managerCtx())).code).toBe(
      'invalid',
    );
  });

  it('uses an existing customer and vehicle of the same site only', () => {
    const customer = testRow('customers', { id: testId(1), name: 'Asha', phone: '+919812345678' });
    const vehicle = testRow('vehicles', { id: testId(2), registration: 'KA 01 AB 1234' });
    const ran = run(
      jobIntake,
      { customer: { id: customer.id }, vehicle: { id: vehicle.id } },
      { customer, vehicle, tenant: tenantCH },
      testContext({ firstId: 40 }),
    );
    expect(inserted(ran, 'jobs')[0]).toMatchObject({
      customer_id: customer.id,
      vehicle_id: vehicle.id,
      currency: 'CHF',
    });
    expect(inserted(ran, 'customers')).toHaveLength(0);
    const elsewhere = { ...customer, site_id: SITE_2 };
    expect(
      domainError(() =>
        run(
          jobIntake,
          { customer: { id: customer.id } },
          { customer: elsewhere, vehicle: null, tenant: tenantIN },
          managerCtx(),
        ),
      ).message,
    ).toMatch(/another site/);
  });
});
