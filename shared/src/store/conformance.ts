import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Row } from '../schema/tables.ts';
import type { AsyncRowStore } from './port.ts';

export interface StoreUnderTest {
  /** A store bound to the tenant, on a database that already holds the replicated schema. */
  storeFor(tenantId: string): AsyncRowStore;
  close(): Promise<void>;
}

const NOW = '2026-11-22T09:00:00.000Z';

function customer(tenantId: string, siteId: string, extra: Partial<Row> = {}): Row {
  return {
    id: uuidv7(),
    tenant_id: tenantId,
    site_id: siteId,
    name: 'Asha Rao',
    phone: '+919812345678',
    email: null,
    address: null,
    tax_id: null,
    notes: null,
    created_at: NOW,
    updated_at: NOW,
    deleted_at: null,
    ...extra,
  };
}

/**
 * The behaviour every implementation of the store port must share. Run from each store's own
 * test file against a real database (better-sqlite3, PGlite, PostgreSQL).
 */
export function describeStoreConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`store port conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: AsyncRowStore;
    const tenantId = uuidv7();
    const siteId = uuidv7();

    beforeAll(async () => {
      subject = await open();
      store = subject.storeFor(tenantId);
    });
    afterAll(async () => subject.close());

    it('round-trips every column kind exactly', async () => {
      const user: Row = {
        id: uuidv7(),
        tenant_id: tenantId,
        email: 'zoë@example.ch',
        name: 'O\'Brien "Quote" ✓ 𝔘nicode',
        role: 'manager',
        site_ids: [siteId, { nested: [1, 'two', null, true] }],
        active: false,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      };
      await store.insert('users', user);
      expect(await store.get('users', user.id)).toEqual(user);
      const vehicle: Row = {
        id: uuidv7(),
        tenant_id: tenantId,
        site_id: siteId,
        customer_id: null,
        registration: 'KA 01 AB 1234',
        make: null,
        model: null,
        year: 2019,
        vin: null,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      };
      await store.insert('vehicles', vehicle);
      expect(await store.get('vehicles', vehicle.id)).toEqual(vehicle);
      const job: Row = {
        id: uuidv7(),
        tenant_id: tenantId,
        site_id: siteId,
        number: 'BLR1A-00001',
        customer_id: uuidv7(),
        vehicle_id: null,
        status: 'pending',
        concern: null,
        findings: null,
        estimate_minor: Number.MAX_SAFE_INTEGER,
        currency: 'INR',
        odometer_in: -1,
        assigned_to: null,
        promised_at: null,
        key_tag: null,
        cancel_reason: null,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      };
      await store.insert('jobs', job);
      const read = await store.get('jobs', job.id);
      expect(read?.estimate_minor).toBe(Number.MAX_SAFE_INTEGER);
      expect(read?.odometer_in).toBe(-1);
    });

    it('returns null for an absent id', async () => {
      expect(await store.get('customers', uuidv7())).toBeNull();
    });

    it('refuses a duplicate insert and an unknown column', async () => {
      const row = customer(tenantId, siteId);
      await store.insert('customers', row);
      await expect(store.insert('customers', row)).rejects.toThrow();
      await expect(store.insert('customers', { ...customer(tenantId, siteId), colour: 'red' })).rejects.toThrow(
        DomainError,
      );
    });

    it('finds by equality and IS NULL, ordered and limited, without tombstones unless asked', async () => {
      const site = uuidv7();
      const rows = ['Charlie', 'Alice', 'Bob', 'Dora'].map((name, index) =>
        customer(tenantId, site, { name, email: index === 3 ? 'd@example.in' : null }),
      );
      for (const row of rows) await store.insert('customers', row);
      const dora = rows[3]!;
      await store.put('customers', { ...dora, deleted_at: NOW });
      const live = await store.find('customers', { site_id: site }, { orderBy: 'name' });
      expect(live.map((row) => row.name)).toEqual(['Alice', 'Bob', 'Charlie']);
      const noEmail = await store.find('customers', { site_id: site, email: null }, { orderBy: 'name', limit: 2 });
      expect(noEmail.map((row) => row.name)).toEqual(['Alice', 'Bob']);
      const all = await store.find(
        'customers',
        { site_id: site },
        { includeDeleted: true, orderBy: 'name', descending: true },
      );
      expect(all.map((row) => row.name)).toEqual(['Dora', 'Charlie', 'Bob', 'Alice']);
      expect(await store.count('customers', { site_id: site })).toBe(3);
      await expect(store.find('customers', { 'name; DROP TABLE customers': 'x' })).rejects.toThrow(DomainError);
    });

    it('put inserts or replaces the whole row; remove deletes it', async () => {
      const row = customer(tenantId, siteId, { name: 'Before' });
      await store.put('customers', row);
      await store.put('customers', { ...row, name: 'After', notes: 'multi\nline' });
      expect(await store.get('customers', row.id)).toMatchObject({ name: 'After', notes: 'multi\nline' });
      await store.remove('customers', row.id);
      expect(await store.get('customers', row.id)).toBeNull();
    });

    it('keeps tenants apart', async () => {
      const other = subject.storeFor(uuidv7());
      const mine = customer(tenantId, siteId);
      await store.insert('customers', mine);
      expect(await other.get('customers', mine.id)).toBeNull();
      expect(await other.find('customers', {})).toEqual([]);
      await expect(other.insert('customers', customer(tenantId, siteId))).rejects.toThrow(DomainError);
      await expect(other.put('customers', { ...mine, name: 'Hijacked', tenant_id: other.tenantId })).rejects.toThrow();
      await other.remove('customers', mine.id);
      expect(await store.get('customers', mine.id)).toMatchObject({ name: mine.name });
    });

    it('commits a transaction whole and rolls it back whole on failure', async () => {
      const kept = customer(tenantId, siteId);
      const lost = customer(tenantId, siteId);
      await store.transaction(async (tx) => tx.insert('customers', kept));
      await expect(
        store.transaction(async (tx) => {
          await tx.insert('customers', lost);
          throw new DomainError('conflict', 'rule broken');
        }),
      ).rejects.toThrow('rule broken');
      expect(await store.get('customers', kept.id)).not.toBeNull();
      expect(await store.get('customers', lost.id)).toBeNull();
    });
  });
}
