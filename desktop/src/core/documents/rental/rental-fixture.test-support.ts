/**
 * A Swiss rental counter's replica for the rental document tests: a real better-sqlite3 file
 * with every migration, enrolled as counter ZRH1A, its blob store, and a fleet, renters,
 * reservations and contracts made through the real mutations (runLocalMutation), with photos and
 * signatures stored as blobs. Test support only: imported by *.test.ts files and the benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import { BlobStore } from '../../blobs/blob-store.ts';
import type { DeviceIdentity } from '../../counter-api.ts';
import { silentLogger } from '../../logger.ts';
import type { ActorProfile } from '../../mutation-context.ts';
import { runLocalMutation } from '../../mutation-runner.ts';
import { openReplica } from '../../replica/open-replica.ts';
import { Replica } from '../../replica/replica.ts';
import { localBlobReader } from './local-blobs.ts';
import type { BlobReader } from './rental-records.ts';
import { photoPng, signaturePng } from './test-images.test-support.ts';

export const RENTAL_T0 = Date.parse('2026-11-20T08:00:00.000Z');
export const QR_IBAN = 'CH44 3199 9123 0008 8901 2';
export const PLAIN_IBAN = 'CH93 0076 2011 6238 5295 7';
const HOUR = 3_600_000;

export interface RentalReplica {
  readonly dir: string;
  readonly replica: Replica;
  readonly blobs: BlobStore;
  readonly readBlob: BlobReader;
  readonly siteId: string;
  readonly owner: ActorProfile;
  readonly staff: ActorProfile;
  now: number;
  mutate(actor: ActorProfile, name: string, args: unknown): Record<string, unknown>;
  seed(table: TableName, values: Record<string, unknown>): Row;
  putPicture(bytes: Buffer, contentType: 'image/png' | 'image/jpeg'): string;
  setBankDetails(text: string | null): void;
  /** The site's IBAN field (site.update), null to clear it. */
  setIban(iban: string | null): void;
  fleet: { classId: string; vehicleId: string; renterId: string; driverId: string };
  close(): void;
}

export function createRentalReplica(): RentalReplica {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-rental-'));
  const replica = new Replica(openReplica(dir, { logger: silentLogger }));
  const blobs = new BlobStore(dir, replica.db);
  const tenantId = uuidv7();
  const siteId = uuidv7();
  const identity: DeviceIdentity = {
    deviceId: uuidv7(),
    deviceCode: 'ZRH1A',
    tenantId,
    siteId,
    scope: 'site',
    serverUrl: 'http://sync.test',
  };
  replica.saveIdentity(identity);
  const actor = (role: ActorProfile['role']): ActorProfile => ({ userId: uuidv7(), role, siteIds: [siteId] });
  const rental: RentalReplica = {
    dir,
    replica,
    blobs,
    readBlob: localBlobReader(replica.store(), blobs),
    siteId,
    owner: actor('owner'),
    staff: actor('staff'),
    now: RENTAL_T0,
    mutate: (who: ActorProfile, name: string, args: unknown) =>
      runLocalMutation(replica, who, name, args, { wallNow: () => rental.now, freshId: () => uuidv7(rental.now) })
        .result,
    seed(table: TableName, values: Record<string, unknown>) {
      const stamp = new Date(rental.now).toISOString();
      const row = completeRow(tableSpec(table), {
        id: uuidv7(),
        tenant_id: tenantId,
        created_at: stamp,
        updated_at: stamp,
        ...values,
      });
      replica.store().put(table, row);
      return row;
    },
    putPicture(bytes: Buffer, contentType: 'image/png' | 'image/jpeg') {
      const sha256 = blobs.put(bytes, contentType, new Date(rental.now).toISOString());
      rental.seed('blobs', { id: sha256, content_type: contentType, byte_size: bytes.length });
      return sha256;
    },
    setBankDetails(text: string | null) {
      rental.mutate(rental.owner, 'workshop.updateProfile', { siteId, bankDetails: text });
    },
    setIban(iban: string | null) {
      rental.mutate(rental.owner, 'site.update', { siteId, iban });
    },
    fleet: { classId: '', vehicleId: '', renterId: '', driverId: '' },
    close() {
      replica.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  seedCompany(rental, tenantId);
  rental.fleet = seedFleet(rental);
  return rental;
}

function seedCompany(rental: RentalReplica, tenantId: string): void {
  rental.seed('tenants', { id: tenantId, name: 'Alpen Mietwagen', country: 'CH', currency: 'CHF' });
  rental.seed('sites', {
    id: rental.siteId,
    name: 'Alpen Mietwagen Zürich',
    code: 'ZRH1',
    address: 'Hardstrasse 12, 8005 Zürich',
    phone: '+41441234567',
    timezone: 'Europe/Zurich',
  });
  for (const [who, name] of [
    [rental.owner, 'Owner Anna'],
    [rental.staff, 'Staff Luca'],
  ] as const) {
    rental.seed('users', {
      id: who.userId,
      email: `${who.role}@alpen.test`,
      name,
      role: who.role,
      site_ids: [rental.siteId],
      active: true,
    });
  }
  rental.mutate(rental.owner, 'workshop.updateProfile', {
    siteId: rental.siteId,
    taxId: 'CHE-116.281.710 MWST',
    legalName: 'Alpen Mietwagen AG',
    documentFooter: 'Alpen Mietwagen AG · Rental terms at alpen.test/terms',
    bankDetails: `Zürcher Kantonalbank, IBAN ${QR_IBAN}`,
  });
}

function seedFleet(rental: RentalReplica): RentalReplica['fleet'] {
  const created = (result: Record<string, unknown>, key: string) => String(result[key]);
  const classId = created(
    rental.mutate(rental.owner, 'rental.classCreate', {
      code: 'COMPACT',
      name: 'Compact',
      dailyMinor: 8_950,
      weeklyMinor: 52_000,
      includedKmPerDay: 200,
      extraKmMinor: 45,
      depositMinor: 100_000,
      minAge: 21,
      minLicenceYears: 1,
    }),
    'classId',
  );
  const vehicleId = created(
    rental.mutate(rental.owner, 'rental.vehicleCreate', {
      classId,
      plate: 'ZH 123456',
      make: 'VW',
      model: 'Golf',
      vin: 'WVWZZZ1KZAW000001',
      year: 2024,
      fuelType: 'petrol',
      odometerKm: 12_400,
      fuelLevel: 8,
    }),
    'vehicleId',
  );
  rental.mutate(rental.owner, 'rental.accessoryCreate', {
    code: 'child_seat',
    name: 'Child seat',
    pricePerDayMinor: 1_200,
    maxPriceMinor: 6_000,
  });
  const person = (name: string, licence: string, address: string) =>
    created(
      rental.mutate(rental.staff, 'rental.customerCreate', {
        name,
        birthDate: '1985-04-12',
        address,
        phone: '+41791234567',
        email: 'renter@example.ch',
        idDocType: 'id_card',
        idDocNumber: 'C1234567',
        idDocCountry: 'CH',
        idDocExpires: '2031-01-01',
        licenceNumber: licence,
        licenceCountry: 'CH',
        licenceCategories: 'B',
        licenceIssued: '2005-06-01',
        licenceExpires: '2035-06-01',
        documentsChecked: true,
      }),
      'customerId',
    );
  return {
    classId,
    vehicleId,
    renterId: person('Pia-Maria Rutschmann', 'ZH-778812', 'Grosse Marktgasse 28, 9400 Rorschach'),
    driverId: person('Jürg Rutschmann', 'ZH-778813', 'Grosse Marktgasse 28, 9400 Rorschach'),
  };
}

/** Opens a contract with damages, `photos` pickup photos and both signatures; optionally returns and closes it. */
export function openContract(
  rental: RentalReplica,
  options: {
    photos?: number;
    photo?: { width: number; height: number; noise: number };
    returnIt?: boolean;
    close?: { cash: boolean };
    depositMinor?: number;
  } = {},
): { contractId: string; number: string; invoiceNumber: string | null } {
  const { width, height, noise } = options.photo ?? { width: 160, height: 120, noise: 24 };
  const photos = Array.from({ length: options.photos ?? 2 }, (_, i) =>
    rental.putPicture(photoPng(width, height, i + 1, noise), 'image/png'),
  );
  const opened = rental.mutate(rental.staff, 'rental.contractOpen', {
    customerId: rental.fleet.renterId,
    driverIds: [rental.fleet.driverId],
    vehicleId: rental.fleet.vehicleId,
    dueAt: new Date(rental.now + 3 * 24 * HOUR).toISOString(),
    kmOut: 12_400,
    fuelOut: 8,
    damagesOut: [
      {
        id: 'd1',
        x: 0.2,
        y: 0.1,
        type: 'scratch',
        severity: 'minor',
        note: 'front bumper, left',
        photo: photos[0] ?? null,
      },
      { id: 'd2', x: 0.8, y: 0.5, type: 'dent', severity: 'moderate' },
    ],
    photosOut: photos,
    extras: ['child_seat'],
    insurance: 'Full cover (CDW)',
    deductibleMinor: 150_000,
    depositMinor: options.depositMinor ?? 50_000,
    termsVersion: '2026-03',
    renterSignature: rental.putPicture(signaturePng(1), 'image/png'),
    staffSignature: rental.putPicture(signaturePng(2), 'image/png'),
  });
  const contractId = String(opened.contractId);
  rental.mutate(rental.staff, 'rental.paymentRecord', {
    contractId,
    kind: 'deposit',
    method: 'card',
    amountMinor: options.depositMinor ?? 50_000,
    reference: 'TRM-0042',
  });
  if (options.returnIt || options.close) {
    // Back 3 days and 2 hours later (one late day), 803 km driven (3 over the 800 included), tank at 6/8.
    rental.now += 3 * 24 * HOUR + 2 * HOUR;
    rental.mutate(rental.staff, 'rental.contractReturn', {
      contractId,
      kmIn: 13_203,
      fuelIn: 6,
      damagesIn: [{ id: 'd3', x: 0.5, y: 0.9, type: 'crack', severity: 'severe', note: 'rear light' }],
      photosIn: [rental.putPicture(photoPng(width, height, 99, noise), 'image/png')],
      damageChargesMinor: 25_012,
    });
  }
  let invoiceNumber: string | null = null;
  if (options.close) {
    rental.now += 10 * 60_000;
    const closed = rental.mutate(rental.staff, 'rental.contractClose', { contractId, cash: options.close.cash });
    invoiceNumber = String(closed.invoiceNumber);
  }
  return { contractId, number: String(opened.number), invoiceNumber };
}
