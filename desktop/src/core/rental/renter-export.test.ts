import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '@forecourt/shared';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../counter-api.ts';
import {
  createRentalReplica,
  openContract,
  type RentalReplica,
} from '../documents/rental/rental-fixture.test-support.ts';
import { createRenterExportHandlers } from '../host/renter-export-handler.ts';
import type { RenterExport } from './renter-export.ts';

/** The renter data export against a real replica seeded through the real mutations; PDFs read back with pdftotext. */
const dir = mkdtempSync(join(tmpdir(), 'forecourt-renter-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(base64: string, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

let rental: RentalReplica | null = null;
afterEach(() => rental?.close());

function seeded(): RentalReplica {
  rental = createRentalReplica();
  return rental;
}

function exporter(replica: RentalReplica, role: SessionUser['role'] | null) {
  const store = replica.replica.store();
  const user: SessionUser | null = role
    ? {
        userId: replica.owner.userId,
        email: 'x@alpen.test',
        name: 'X',
        role,
        siteIds: [replica.siteId],
        offline: false,
      }
    : null;
  return createRenterExportHandlers(
    {
      currentUser: () => user,
      identity: () => replica.replica.identity(),
      query: (table, options) => store.find(table, options?.where ?? {}),
      get: (table, id) => store.get(table, id),
    },
    () => replica.now,
  )['rental:exportRenter'];
}

async function exportJson(replica: RentalReplica, renterId: string): Promise<{ fileName: string; data: RenterExport }> {
  const file = await exporter(replica, 'manager')({ renterId, format: 'json' });
  return {
    fileName: file.fileName,
    data: JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as RenterExport,
  };
}

/** A reservation, a closed contract (with the second renter as additional driver) and two list entries. */
function seedHistory(replica: RentalReplica): {
  reservationNumber: string;
  contractId: string;
  contractNumber: string;
} {
  const reservation = replica.mutate(replica.staff, 'rental.reservationCreate', {
    customerId: replica.fleet.renterId,
    classId: replica.fleet.classId,
    startsAt: '2026-12-18T08:00:00.000Z',
    endsAt: '2026-12-21T08:00:00.000Z',
    extras: [],
  });
  replica.mutate(replica.owner, 'rental.doNotRentAdd', {
    name: 'P. Rutschmann',
    licenceNumber: 'zh-778812',
    reason: 'Unpaid damage 2024',
  });
  replica.mutate(replica.owner, 'rental.doNotRentAdd', { name: 'Someone else', phone: '+41790000000', reason: 'x' });
  const { contractId, number } = openContract(replica, { close: { cash: false } });
  return { reservationNumber: String(reservation.number), contractId, contractNumber: number };
}

const withoutTenant = (row: Row | null) => {
  const { tenant_id: _tenant, ...rest } = row ?? ({} as Row);
  return rest;
};

describe('the renter data export', () => {
  it('holds the renter, bookings, contract readings, damages, charges, payments, list matches and pictures', async () => {
    const replica = seeded();
    const { reservationNumber, contractId, contractNumber } = seedHistory(replica);
    const store = replica.replica.store();
    const { fileName, data } = await exportJson(replica, replica.fleet.renterId);

    expect(fileName).toBe('renter-data-pia-maria-rutschmann-2026-11-23.json');
    expect(data.erasure).toBeNull();
    expect(data.renter).toEqual(withoutTenant(store.get('rental_customers', replica.fleet.renterId)));
    expect(data.reservations.map((r) => r.number)).toEqual([reservationNumber]);
    const stored = store.get('rental_contracts', contractId);
    const [contract] = data.contracts;
    expect(contract).toMatchObject({ number: contractNumber, km_out: 12_400, km_in: 13_203, fuel_out: 8, fuel_in: 6 });
    expect(contract?.damages_out).toEqual(stored?.damages_out);
    expect(contract?.damages_in).toEqual(stored?.damages_in);
    expect(contract?.charges).toEqual(stored?.charges);
    expect(contract?.vehicle).toEqual({ plate: 'ZH 123456', make: 'VW', model: 'Golf', fuel_type: 'petrol' });
    expect(contract?.payments).toEqual(store.find('payments', { contract_id: contractId }).map(withoutTenant));
    expect(contract?.payments.map((p) => p.amount_minor)).toEqual([50_000]);
    expect(data.doNotRentMatches).toEqual([
      expect.objectContaining({ name: 'P. Rutschmann', reason: 'Unpaid damage 2024', matchedOn: ['licence_number'] }),
    ]);
    expect(data.pictures.map((p) => p.role).sort()).toEqual(
      [
        'pickup damage photo',
        'pickup photo',
        'pickup photo',
        'renter signature',
        'return photo',
        'staff signature',
      ].sort(),
    );
    expect(data.pictures.find((p) => p.role === 'renter signature')?.sha256).toBe(stored?.renter_signature_blob);
    expect(JSON.stringify(data)).not.toContain(store.tenantId);
  });

  it("lists the driver's contracts as additional driver without the other renter's data", async () => {
    const replica = seeded();
    const { contractNumber } = seedHistory(replica);
    const { data } = await exportJson(replica, replica.fleet.driverId);
    expect(data.contracts).toEqual([]);
    expect(data.asAdditionalDriver.map((c) => c.number)).toEqual([contractNumber]);
    expect(JSON.stringify(data)).not.toContain('Pia-Maria');
  });

  it('is for owners and managers only, checked in the core', async () => {
    const replica = seeded();
    const renterId = replica.fleet.renterId;
    await expect(exporter(replica, 'staff')({ renterId, format: 'json' })).rejects.toThrow(/owners and managers/);
    await expect(exporter(replica, null)({ renterId, format: 'pdf' })).rejects.toThrow(/sign in/);
    await expect(exporter(replica, 'owner')({ renterId: 'nobody', format: 'json' })).rejects.toThrow(/not found/);
  });

  it('prints the same content as a PDF', async () => {
    const replica = seeded();
    const { reservationNumber, contractNumber } = seedHistory(replica);
    const file = await exporter(replica, 'owner')({ renterId: replica.fleet.renterId, format: 'pdf' });
    expect(file.fileName).toBe('renter-data-pia-maria-rutschmann-2026-11-23.pdf');
    const text = pdfText(file.base64, 'renter');
    for (const expected of [
      'PERSONAL DATA',
      'Pia-Maria Rutschmann',
      'Grosse Marktgasse 28, 9400 Rorschach',
      'ZH-778812',
      'Unpaid damage 2024',
      'licence number',
      reservationNumber,
      `Contract ${contractNumber} · closed`,
      'VW Golf (ZH 123456)',
      'out 12,400 km · in 13,203 km',
      'front bumper, left',
      'renter signature',
      'Photos and signatures held (6)',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('of an erased renter says so and holds only what is kept, with the retention date', async () => {
    const replica = seeded();
    const { contractNumber } = seedHistory(replica);
    const erased = replica.mutate(replica.owner, 'rental.customerErase', { customerId: replica.fleet.renterId });
    const { fileName, data } = await exportJson(replica, replica.fleet.renterId);
    expect(fileName).toMatch(/^renter-data-erased-[0-9a-f]{8}-2026-11-23\.json$/);
    expect(data.erasure?.retainUntil).toBe(erased.retainUntil);
    expect(data.erasure?.notice).toContain(`until ${String(erased.retainUntil)}`);
    expect(Object.keys(data.renter).sort()).toEqual(['created_at', 'erased_at', 'id', 'retain_until', 'updated_at']);
    expect(data.doNotRentMatches).toEqual([]);
    expect(data.contracts.map((c) => c.number)).toEqual([contractNumber]);
    const json = JSON.stringify(data);
    for (const gone of ['Pia-Maria', 'ZH-778812', 'Rorschach', 'renter@example.ch', 'C1234567']) {
      expect(json).not.toContain(gone);
    }

    const pdf = await exporter(replica, 'owner')({ renterId: replica.fleet.renterId, format: 'pdf' });
    const text = pdfText(pdf.base64, 'renter-erased');
    expect(text).toContain('personal data was erased on 2026-11-23');
    expect(text).toMatch(/Kept until\s+23 Nov 2036/);
    expect(text).toContain(`Contract ${contractNumber}`);
    expect(text).not.toContain('Pia-Maria');
  });
});
