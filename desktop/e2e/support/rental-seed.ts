import { createSite, createTenant, createUser } from '@forecourt/sync-server';
import type { Page } from 'playwright-core';
import type { CounterCore } from '../../src/core/counter.ts';
import { DEMO_PASSWORD, type Harness } from './harness.ts';
import { signIn } from './ui.ts';

/**
 * A Swiss rental company next to the demo garage chain: one site in Zurich, a manager who sets
 * up the fleet from a counter (through the real mutations, so it syncs like any change) and a
 * staff member who works the counter in the browser.
 */
export interface SwissRental {
  readonly tenantId: string;
  readonly siteId: string;
  readonly staffEmail: string;
  readonly managerEmail: string;
  readonly classId: string;
  readonly vehicles: { readonly golf: string; readonly polo: string; readonly id3: string };
}

export async function seedSwissRental(harness: Harness): Promise<{ rental: SwissRental; fleetPc: CounterCore }> {
  const server = harness.requireServer();
  const { tenantId } = await createTenant(server, {
    name: 'Alpen Rent AG',
    country: 'CH',
    ownerEmail: 'owner@alpen-rent.ch',
    ownerPassword: DEMO_PASSWORD,
    ownerName: 'Urs Keller',
  });
  const { siteId } = await createSite(server, { tenantId, name: 'Zürich HB', code: 'ZRH1' });
  const managerEmail = 'manager@alpen-rent.ch';
  const staffEmail = 'staff@alpen-rent.ch';
  await createUser(server, {
    tenantId,
    email: managerEmail,
    password: DEMO_PASSWORD,
    role: 'manager',
    siteId,
    name: 'Sandra Huber',
  });
  await createUser(server, {
    tenantId,
    email: staffEmail,
    password: DEMO_PASSWORD,
    role: 'staff',
    siteId,
    name: 'Luca Meier',
  });

  const fleetPc = await harness.headlessCounter('fleet-pc', siteId, managerEmail);
  const mutate = (name: string, args: unknown) => fleetPc.mutate(name, args);
  const classId = String(
    mutate('rental.classCreate', {
      code: 'COMPACT',
      name: 'Compact',
      dailyMinor: 8_900,
      weeklyMinor: 49_000,
      monthlyMinor: null,
      includedKmPerDay: 200,
      extraKmMinor: 45,
      depositMinor: 100_000,
      minAge: 21,
      minLicenceYears: 2,
    }).classId,
  );
  const vehicle = (
    plate: string,
    make: string,
    model: string,
    fuelType: string,
    odometerKm: number,
    fuelLevel: number,
  ) =>
    String(
      mutate('rental.vehicleCreate', {
        classId,
        plate,
        make,
        model,
        fuelType,
        odometerKm,
        fuelLevel,
        year: 2024,
        ...(fuelType === 'ev' ? { batteryKwh: 58 } : {}),
      }).vehicleId,
    );
  const vehicles = {
    golf: vehicle('ZH 123 456', 'VW', 'Golf', 'petrol', 18_250, 8),
    polo: vehicle('ZH 123 457', 'VW', 'Polo', 'petrol', 9_870, 8),
    id3: vehicle('ZH 654 321', 'VW', 'ID.3', 'ev', 4_120, 90),
  };
  mutate('rental.accessoryCreate', {
    code: 'child_seat',
    name: 'Child seat',
    pricePerDayMinor: 1_200,
    maxPriceMinor: 6_000,
  });
  mutate('rental.accessoryCreate', {
    code: 'vignette',
    name: 'Motorway vignette',
    pricePerDayMinor: 500,
    maxPriceMinor: 4_000,
  });
  await fleetPc.syncNow();
  return { rental: { tenantId, siteId, staffEmail, managerEmail, classId, vehicles }, fleetPc };
}

/**
 * A contract on rent (Anna Meier in the Golf, CHF 1,500 deductible) opened from the fleet PC,
 * and the Zürich counter in browser mode with its manager signed in, showing that contract.
 */
export async function contractOnRentalCounter(harness: Harness): Promise<{ page: Page; number: string }> {
  const { rental, fleetPc } = await seedSwissRental(harness);
  const { customerId } = fleetPc.mutate('rental.customerCreate', {
    name: 'Anna Meier',
    birthDate: '1988-04-12',
    licenceNumber: 'ZH-884422',
    licenceIssued: '2008-06-01',
    phone: '+41791234567',
  }) as { customerId: string };
  const { number } = fleetPc.mutate('rental.contractOpen', {
    customerId,
    vehicleId: rental.vehicles.golf,
    dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    kmOut: 18_250,
    fuelOut: 8,
    damagesOut: [],
    deductibleMinor: 150_000,
    termsVersion: '2026-1',
  }) as { number: string };
  await fleetPc.syncNow();
  const rentalCounter = await harness.enrolledCounter('rental-counter', rental.siteId, 'Zürich counter');
  const page = await harness.page(rentalCounter.server.url);
  await signIn(page, rental.managerEmail, DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
  await page.getByRole('tab', { name: 'On rent' }).click();
  await page.getByTestId('contract-table').getByText(number).click();
  return { page, number };
}
