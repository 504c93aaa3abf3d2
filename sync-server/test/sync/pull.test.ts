import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockChanges, uuidv7, type PullResponse } from '@forecourt/shared';
import type { DeviceSession, SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { createSyncEngine } from '../../src/sync/engine.ts';
import { silentLogger } from '../support/databases.ts';
import { newEngine, ScriptedClient, seedTenant, T0 } from './fixtures.ts';

/** Pulls page by page like a counter, collecting the final state of every row it was sent. */
async function pullAll(
  engine: SyncEngine,
  device: DeviceSession,
  clientId: string,
  limit: number,
  cursor = 0,
  startSnapshot?: PullResponse['snapshot'],
  rowBlocks = false,
) {
  const rows = new Map<string, Record<string, unknown>>();
  const pages: PullResponse[] = [];
  let snapshot: PullResponse['snapshot'] = startSnapshot;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await engine.pull(device, {
      clientId,
      cursor,
      limit,
      ...(snapshot ? { snapshot } : {}),
      ...(rowBlocks ? { rowBlocks } : {}),
    });
    pages.push(page);
    for (const change of [...blockChanges(page.blocks), ...page.changes]) {
      if (change.op === 'put' && change.row) rows.set(`${change.table}:${change.id}`, change.row);
      else rows.delete(`${change.table}:${change.id}`);
    }
    snapshot = page.snapshot ?? undefined;
    if (!snapshot) cursor = page.checkpoint;
    if (!page.hasMore) return { rows, pages, cursor };
  }
  throw new Error('pull did not finish');
}

for (const kind of databaseKinds()) {
  describe(`pull (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test.drop());

    it('sends a site device its site and the tenant-wide rows; an owner device every site', async () => {
      const seed = await seedTenant(test.db, engine);
      const a = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const b = new ScriptedClient(seed.devices.counterB, seed.users.staffB);
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: a.clientId,
        mutations: [a.mutation('customer.create', { name: 'In A' })],
      });
      await engine.push(seed.devices.counterB, seed.users.staffB, {
        clientId: b.clientId,
        mutations: [b.mutation('customer.create', { name: 'In B' })],
      });
      const other = await seedTenant(test.db, engine);
      const o = new ScriptedClient(other.devices.counterA, other.users.staffA);
      await engine.push(other.devices.counterA, other.users.staffA, {
        clientId: o.clientId,
        mutations: [o.mutation('customer.create', { name: 'Other tenant' })],
      });

      const names = (rows: Map<string, Record<string, unknown>>) =>
        [...rows.entries()]
          .filter(([key]) => key.startsWith('customers:'))
          .map(([, row]) => row.name)
          .sort();
      const fresh = await pullAll(engine, seed.devices.counterA, uuidv7(), 3);
      expect(names(fresh.rows)).toEqual(['In A']);
      expect([...fresh.rows.keys()].filter((key) => key.startsWith('sites:'))).toHaveLength(2);
      expect([...fresh.rows.values()].every((row) => row.tenant_id === seed.tenantId)).toBe(true);
      const owner = await pullAll(engine, seed.devices.ownerHq, uuidv7(), 1000);
      expect(names(owner.rows)).toEqual(['In A', 'In B']);
      const viaLog = await pullAll(engine, seed.devices.counterB, uuidv7(), 2, 1);
      expect(names(viaLog.rows)).toEqual(['In B']);
    });

    it('never splits a version across pages and settles on each page the mutations it carries', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const customerId = uuidv7();
      const start = await engine.currentVersion();
      // One push is one transaction and one version: push separately to get several versions.
      const pushes = [
        [client.mutation('customer.create', { name: 'Job owner' }, { ids: [customerId] })],
        [client.mutation('job.create', { customerId, concern: 'brakes squeal' }, { seq: true })],
        [client.mutation('job.create', { customerId, concern: 'oil change' }, { seq: true })],
        [client.mutation('site.update', { siteId: seed.siteA, name: 'nope' })],
      ];
      for (const mutations of pushes) {
        await engine.push(seed.devices.counterA, seed.users.staffA, { clientId: client.clientId, mutations });
      }
      const first = await engine.pull(seed.devices.counterA, { clientId: client.clientId, cursor: start, limit: 2 });
      // version 1 holds one row (customer); version 2 holds two (job + timeline entry): page ends after v1.
      expect(first.changes.map((change) => change.table)).toEqual(['customers']);
      // Mutation 1 committed at version 1: its changes are all here, so this page settles it.
      expect(first).toMatchObject({ hasMore: true, lastMutationId: 1, outcomes: [] });
      const second = await engine.pull(seed.devices.counterA, {
        clientId: client.clientId,
        cursor: first.checkpoint,
        limit: 1,
        pendingFrom: 2,
      });
      expect(second.changes.map((change) => change.table).sort()).toEqual(['job_updates', 'jobs']);
      expect(second).toMatchObject({ hasMore: true, lastMutationId: 2 });
      const rest = await pullAll(engine, seed.devices.counterA, client.clientId, 100, second.checkpoint);
      const last = rest.pages.at(-1);
      expect(last).toMatchObject({ hasMore: false, lastMutationId: 4 });
      expect(last?.outcomes).toEqual([
        { id: 4, status: 'rejected', error: expect.objectContaining({ code: 'forbidden' }) },
      ]);
    });

    it('snapshot then change log converge on rows edited while the snapshot streams', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const ids = Array.from({ length: 6 }, () => uuidv7());
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: ids.map((id, index) => client.mutation('customer.create', { name: `C${index}` }, { ids: [id] })),
      });
      const reader = uuidv7();
      const page1 = await engine.pull(seed.devices.counterA, { clientId: reader, cursor: 0, limit: 8 });
      expect(page1.snapshot).not.toBeNull();
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [
          client.mutation(
            'customer.update',
            { customerId: ids[5]!, name: 'Renamed meanwhile' },
            { baseVersion: page1.checkpoint },
          ),
        ],
      });
      const rest = await pullAll(engine, seed.devices.counterA, reader, 8, 0, page1.snapshot);
      const seen = new Map<string, Record<string, unknown> | undefined>(
        page1.changes.map((change) => [`${change.table}:${change.id}`, change.row]),
      );
      for (const [key, row] of rest.rows) seen.set(key, row);
      expect(seen.get(`customers:${ids[5]}`)?.name).toBe('Renamed meanwhile');
      expect(ids.every((id) => seen.has(`customers:${id}`))).toBe(true);
    });

    it('sends snapshot rows as row blocks when asked: the same rows and cursors, the change log as changes', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const customerId = uuidv7();
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [
          client.mutation('customer.create', { name: 'Zoë "Q" Block', phone: '+919800000009' }, { ids: [customerId] }),
          client.mutation('job.create', { customerId, concern: 'brakes' }, { seq: true }),
          ...Array.from({ length: 4 }, (_, index) => client.mutation('customer.create', { name: `B${index}` })),
        ],
      });
      const reader = uuidv7();
      const asChanges = await pullAll(engine, seed.devices.counterA, reader, 3);
      const asBlocks = await pullAll(engine, seed.devices.counterA, reader, 3, 0, undefined, true);
      expect([...asBlocks.rows.entries()].sort()).toEqual([...asChanges.rows.entries()].sort());
      const cursors = (pages: PullResponse[]) => pages.map((page) => [page.snapshot, page.checkpoint, page.hasMore]);
      expect(cursors(asBlocks.pages)).toEqual(cursors(asChanges.pages));
      const snapshotPages = asBlocks.pages.filter((page) => page.blocks !== undefined);
      expect(snapshotPages.length).toBeGreaterThan(2);
      expect(snapshotPages.every((page) => page.changes.length === 0)).toBe(true);
      expect(asChanges.pages.every((page) => page.blocks === undefined)).toBe(true);
      const jobs = snapshotPages.flatMap((page) => page.blocks ?? []).find((block) => block.table === 'jobs');
      expect(jobs?.columns.slice(0, 2)).toEqual(['id', 'tenant_id']);
      expect(jobs?.rows[0]?.length).toBe(jobs?.columns.length);

      // Changed after the snapshot: the change log sends changes, blocks asked for or not.
      const version = asBlocks.pages.at(-1)?.checkpoint ?? 0;
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: [client.mutation('customer.update', { customerId, name: 'Renamed' }, { baseVersion: version })],
      });
      const log = await engine.pull(seed.devices.counterA, { clientId: reader, cursor: version, rowBlocks: true });
      expect(log.blocks).toBeUndefined();
      expect(log.changes.map((change) => change.row?.name)).toEqual(['Renamed']);
    });

    it('sends the same pages with the snapshot read ahead as without, and converges when a row changes meanwhile', async () => {
      const seed = await seedTenant(test.db, engine);
      const client = new ScriptedClient(seed.devices.counterA, seed.users.staffA);
      const ids = Array.from({ length: 9 }, () => uuidv7());
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: ids.map((id, index) => client.mutation('customer.create', { name: `R${index}` }, { ids: [id] })),
      });
      const readingAhead = createSyncEngine({ db: test.db, logger: silentLogger, clock: () => T0 + 60_000 });
      const plain = createSyncEngine({
        db: test.db,
        logger: silentLogger,
        clock: () => T0 + 60_000,
        snapshotReadAhead: null,
      });
      const withoutServerHlc = (pages: PullResponse[]) => pages.map(({ serverHlc: _hlc, ...page }) => page);
      const reader = uuidv7();
      const ahead = await pullAll(readingAhead, seed.devices.counterA, reader, 3);
      const without = await pullAll(plain, seed.devices.counterA, reader, 3);
      expect(ahead.pages.length).toBeGreaterThan(3);
      expect(withoutServerHlc(ahead.pages)).toEqual(withoutServerHlc(without.pages));

      // A page read ahead of a change carries the old row; the change log then brings the new one.
      const page1 = await readingAhead.pull(seed.devices.counterA, { clientId: reader, cursor: 0, limit: 3 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await engine.push(seed.devices.counterA, seed.users.staffA, {
        clientId: client.clientId,
        mutations: ids.map((id) =>
          client.mutation('customer.update', { customerId: id, name: 'Renamed' }, { baseVersion: page1.checkpoint }),
        ),
      });
      const rest = await pullAll(readingAhead, seed.devices.counterA, reader, 3, 0, page1.snapshot);
      // rest.rows holds each row as last sent: whatever a page carried, the change log ends it renamed.
      expect(ids.map((id) => rest.rows.get(`customers:${id}`)?.name)).toEqual(ids.map(() => 'Renamed'));
    });
  });
}
