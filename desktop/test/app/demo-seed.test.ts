import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRentalFleet } from '../../../scripts/demo-rental.ts';
import { DEMO_PASSWORD, demoEnrolmentCode, seedDemoTenant, type DemoTenant } from '../../../scripts/demo-seed.ts';
import { startLocalServer, type LocalServer } from '../../../scripts/local-server.ts';
import { freePort } from '../../e2e/support/harness.ts';
import { openCounter, type CounterCore } from '../../src/core/counter.ts';

/**
 * The demo data `npm start` seeds (garage history and the rental fleet) is valid for the real
 * server and arrives at a counter through sync: every table the Rental screens read has rows,
 * and the bookings do not overlap (the PostgreSQL exclusion constraint would refuse them).
 */
describe('the demo tenant of npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-demo-seed-'));
  let server: LocalServer;
  let demo: DemoTenant;
  let counter: CounterCore;

  beforeAll(async () => {
    server = await startLocalServer({
      dataDir: join(dir, 'server'),
      port: await freePort(),
      logger: pino({ level: 'silent' }),
    });
    demo = await seedDemoTenant(server, { jobs: 12 });
    await seedDemoRentalFleet(server, demo);
    counter = openCounter({ dataDir: join(dir, 'counter'), logger: pino({ level: 'silent' }) });
    const code = await demoEnrolmentCode(server, demo, demo.sites.main);
    await counter.enrol({ serverUrl: server.url, code, name: 'Front counter' });
    await counter.login({ email: demo.users.manager.email, password: DEMO_PASSWORD });
    await counter.syncNow();
  });
  afterAll(async () => {
    await counter.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings the garage history and the rental fleet to a counter', () => {
    expect(counter.query('jobs').length).toBeGreaterThan(0);
    expect(counter.query('rental_classes').map((row) => row.code)).toEqual(expect.arrayContaining(['HATCH', 'SUV']));
    const vehicles = counter.query('rental_vehicles');
    expect(vehicles).toHaveLength(6);
    expect(new Set(vehicles.map((row) => row.site_id))).toEqual(new Set([demo.sites.main, demo.sites.second]));
    expect(counter.query('rental_accessories')).toHaveLength(3);
    expect(counter.query('rental_customers')).toHaveLength(3);
  });

  it('books each vehicle without overlaps, all confirmed and in the future', () => {
    const bookings = counter.query('rental_reservations');
    expect(bookings).toHaveLength(4);
    const now = new Date().toISOString();
    for (const booking of bookings) {
      expect(booking.status).toBe('confirmed');
      expect(String(booking.starts_at) > now).toBe(true);
      expect(String(booking.ends_at) > String(booking.starts_at)).toBe(true);
    }
    const byVehicle = new Map<string, typeof bookings>();
    for (const booking of bookings)
      byVehicle.set(String(booking.vehicle_id), [...(byVehicle.get(String(booking.vehicle_id)) ?? []), booking]);
    for (const list of byVehicle.values()) {
      const sorted = list.toSorted((a, b) => String(a.starts_at).localeCompare(String(b.starts_at)));
      for (let index = 1; index < sorted.length; index++)
        expect(String(sorted[index]!.starts_at) >= String(sorted[index - 1]!.ends_at)).toBe(true);
    }
  });
});
