import type { FleetPlatform } from './platform.ts';

/**
 * The contract every fleet-platform adapter must meet, written once and run against each
 * implementation by the tests (`fleetPlatformContract(() => adapter)`). Each check throws with
 * what was wrong.
 */
export const FLEET_CONTRACT: ReadonlyArray<{ name: string; check: (platform: FleetPlatform) => Promise<void> }> = [
  {
    name: 'an upserted vehicle reads back with its fields and starts available',
    async check(platform) {
      await platform.upsertVehicle(
        { id: 'v-1', registration: 'KA01AB1234', make: 'Tata', model: 'Nexon EV', year: 2024, vin: null },
        'k-1',
      );
      const read = await platform.getVehicle('v-1');
      expect(read?.registration === 'KA01AB1234' && read.status === 'available', 'vehicle not stored as sent');
    },
  },
  {
    name: 'an update keeps the external id; a repeated key changes nothing',
    async check(platform) {
      const first = await platform.upsertVehicle(
        { id: 'v-2', registration: 'KA01AB0001', make: null, model: null, year: null, vin: null },
        'k-2',
      );
      const second = await platform.upsertVehicle(
        { id: 'v-2', registration: 'KA01AB0002', make: null, model: null, year: null, vin: null },
        'k-3',
      );
      expect(first.externalId === second.externalId, 'external id changed on update');
      await platform.upsertVehicle(
        { id: 'v-2', registration: 'KA01AB0001', make: null, model: null, year: null, vin: null },
        'k-2',
      );
      expect((await platform.getVehicle('v-2'))?.registration === 'KA01AB0002', 'a replayed key applied again');
    },
  },
  {
    name: 'status changes apply to known vehicles and are refused for unknown ones',
    async check(platform) {
      await platform.upsertVehicle(
        { id: 'v-3', registration: 'KA01AB0003', make: null, model: null, year: null, vin: null },
        'k-4',
      );
      await platform.setVehicleStatus('v-3', 'maintenance', 'k-5');
      expect((await platform.getVehicle('v-3'))?.status === 'maintenance', 'status not applied');
      const refused = await platform.setVehicleStatus('v-unknown', 'available', 'k-6').then(
        () => false,
        () => true,
      );
      expect(refused, 'status of an unknown vehicle accepted');
    },
  },
];

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
