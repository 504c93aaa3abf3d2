import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import type { AdminDeps } from '@forecourt/sync-server';
import type { DemoTenant } from './demo-seed.ts';

/**
 * The demo garage chain also lends courtesy cars and rents a few vehicles out (the Indian
 * rental case of issue #7): two classes, a small fleet across both sites, accessories, renters
 * and confirmed bookings over the coming days, so the Rental screens of `npm start` have
 * something to show. Written as the server itself, like the garage history; money in paise.
 */
export async function seedDemoRentalFleet(deps: AdminDeps, demo: DemoTenant): Promise<void> {
  const now = deps.clock();
  const stamp = (ms: number) => new Date(ms).toISOString();
  const rows: Array<{ table: TableName; row: Row }> = [];
  const add = (table: TableName, fields: Record<string, unknown>): string => {
    const id = uuidv7(now);
    const row = { id, tenant_id: demo.tenantId, created_at: stamp(now), updated_at: stamp(now), ...fields };
    rows.push({ table, row: completeRow(tableSpec(table), row) });
    return id;
  };

  const rentalClass = (code: string, name: string, dailyMinor: number, depositMinor: number) =>
    add('rental_classes', {
      code,
      name,
      currency: 'INR',
      daily_minor: dailyMinor,
      weekly_minor: dailyMinor * 6,
      included_km_per_day: 250,
      extra_km_minor: 1_200,
      deposit_minor: depositMinor,
      min_age: 21,
      min_licence_years: 1,
      active: true,
    });
  const hatch = rentalClass('HATCH', 'Hatchback (courtesy)', 150_000, 500_000);
  const suv = rentalClass('SUV', 'SUV', 350_000, 1_500_000);

  const { main, second } = demo.sites;
  const vehicle = (site: string, classId: string, plate: string, model: [string, string], fuel: string, km: number) =>
    add('rental_vehicles', {
      site_id: site,
      class_id: classId,
      plate,
      make: model[0],
      model: model[1],
      year: 2024,
      fuel_type: fuel,
      battery_kwh: fuel === 'ev' ? 35 : null,
      odometer_km: km,
      fuel_level: fuel === 'ev' ? 80 : 8,
      status: 'available',
      service_every_km: 10_000,
      service_every_months: 12,
      last_service_km: km - (km % 10_000),
    });
  const fleet = [
    vehicle(main, hatch, 'KA01MX4521', ['Maruti Suzuki', 'Swift'], 'petrol', 12_480),
    vehicle(main, hatch, 'KA01MX4522', ['Hyundai', 'i20'], 'petrol', 8_930),
    vehicle(main, hatch, 'KA01EV0007', ['Tata', 'Punch EV'], 'ev', 5_210),
    vehicle(main, suv, 'KA01SU3310', ['Mahindra', 'XUV700'], 'diesel', 21_760),
    vehicle(second, hatch, 'KA09MY1180', ['Maruti Suzuki', 'Baleno'], 'petrol', 15_040),
    vehicle(second, suv, 'KA09MY2290', ['Kia', 'Seltos'], 'diesel', 9_400),
  ];

  add('rental_accessories', { code: 'child_seat', name: 'Child seat', price_per_day_minor: 20_000, active: true });
  add('rental_accessories', {
    code: 'fastag',
    name: 'FASTag (tolls billed after)',
    price_per_day_minor: 0,
    active: true,
  });
  add('rental_accessories', {
    code: 'charging_cable',
    name: 'Charging cable',
    price_per_day_minor: 10_000,
    active: true,
  });

  const renter = (name: string, birth: string, phone: string, licence: string) =>
    add('rental_customers', {
      name,
      birth_date: birth,
      phone,
      email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.in`,
      address: 'Bengaluru, Karnataka',
      id_doc_type: 'aadhaar',
      id_doc_number: `XXXX-XXXX-${phone.slice(-4)}`,
      id_doc_country: 'IN',
      licence_number: licence,
      licence_country: 'IN',
      licence_categories: 'LMV',
      licence_issued: '2015-06-01',
      licence_expires: '2035-05-31',
    });
  const renters = [
    renter('Priya Sharma', '1990-03-14', '+919845012345', 'KA0120150012345'),
    renter('Arjun Reddy', '1985-11-02', '+919880054321', 'KA0320090054321'),
    renter('Meera Nair', '1996-07-21', '+919741098765', 'KA0520180098765'),
  ];

  const day = 86_400_000;
  const startOfToday = now - (now % day);
  let sequence = 0;
  const booking = (vehicleIndex: number, classId: string, renterIndex: number, fromDay: number, days: number) => {
    const dailyMinor = classId === hatch ? 150_000 : 350_000;
    sequence += 1;
    add('rental_reservations', {
      site_id: vehicleIndex < 4 ? main : second,
      return_site_id: vehicleIndex < 4 ? main : second,
      number: `RBLR1H-${new Date(now).toISOString().slice(2, 4)}-${String(sequence).padStart(5, '0')}`,
      customer_id: renters[renterIndex],
      class_id: classId,
      vehicle_id: fleet[vehicleIndex],
      starts_at: stamp(startOfToday + fromDay * day + 4 * 3_600_000),
      ends_at: stamp(startOfToday + (fromDay + days) * day + 4 * 3_600_000),
      status: 'confirmed',
      double_booked: false,
      made_offline: false,
      extras: [],
      quote_minor: dailyMinor * days,
      deposit_minor: classId === hatch ? 500_000 : 1_500_000,
      currency: 'INR',
    });
  };
  booking(0, hatch, 0, 1, 3);
  booking(3, suv, 1, 2, 5);
  booking(1, hatch, 2, 4, 2);
  booking(5, suv, 0, 6, 7);
  await deps.engine.writeRows(demo.tenantId, rows);
}
