import type { Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { seedSwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

/**
 * A linked rental EV's readings (written by the server's Enode integration) reach the counter and
 * prefill the pickup: charge and odometer from the car, with their age, still editable.
 */
describe('rental EV readings at pickup', () => {
  const harness = new Harness('rental-ev');
  afterAll(() => harness.close());
  beforeAll(async () => {
    await harness.start({ jobs: 1 });
  });

  it('prefills charge and odometer from the car when recent, and the counter can type over them', async () => {
    const { rental, fleetPc } = await seedSwissRental(harness);
    const server = harness.requireServer();
    const stored = (await server.db.query<Row>('SELECT * FROM rental_vehicles WHERE id = $1', [rental.vehicles.id3]))
      .rows[0];
    if (!stored) throw new Error('the ID.3 is not on the server');
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await server.engine.writeRows(rental.tenantId, [
      {
        table: 'rental_vehicles',
        row: {
          ...stored,
          ev_battery_percent: 73,
          ev_range_km: 290,
          ev_charge_at: minutesAgo(14),
          ev_odometer_km: 4_188,
          ev_odometer_at: minutesAgo(14),
          updated_at: new Date().toISOString(),
        },
      },
    ]);
    const renterId = String(
      fleetPc.mutate('rental.customerCreate', {
        name: 'Eva Keller',
        birthDate: '1985-02-03',
        licenceNumber: 'ZH-555111',
        licenceCountry: 'CH',
        licenceIssued: '2005-03-01',
        licenceExpires: '2036-03-01',
        documentsChecked: true,
      }).customerId,
    );
    fleetPc.mutate('rental.reservationCreate', {
      customerId: renterId,
      classId: rental.classId,
      vehicleId: rental.vehicles.id3,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    await fleetPc.syncNow();

    const counter = await harness.counterInBrowserMode('rental-ev-counter');
    const page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await signIn(page, rental.staffEmail, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    const calendar = page.getByTestId('availability-calendar');
    await expect.poll(() => calendar.locator('.calendar-bar.bar-reservation').count(), { timeout: 20_000 }).toBe(1);
    await calendar.locator('.calendar-bar.bar-reservation').click();
    await page.getByRole('button', { name: 'Start pickup' }).click();
    await page.getByRole('heading', { name: 'Pickup' }).waitFor();

    const charge = page.getByLabel('Charge out (%)');
    const odometer = page.getByLabel('Odometer out (km)');
    await expect.poll(() => charge.inputValue(), { timeout: 15_000 }).toBe('73');
    expect(await odometer.inputValue()).toBe('4188');
    expect(await page.getByText(/From the car, 1[45] min ago/).count()).toBe(2);
    await harness.shot(page, '01-pickup-from-car');
    await charge.fill('70');
    expect(await page.getByText(/From the car, 1[45] min ago/).count()).toBe(1);
    await harness.shot(page, '02-charge-typed');
  });
});
