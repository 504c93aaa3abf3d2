import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type Row } from '@forecourt/shared';
import type { SyncEngine } from '../../src/sync/types.ts';
import { databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newEngine, seedTenant } from './fixtures.ts';

const WRITERS = 8;
const WRITES_EACH = 25;

for (const kind of databaseKinds()) {
  describe(`change-log order under concurrent commits (${kind.name})`, () => {
    let test: TestDatabase;
    let engine: SyncEngine;
    beforeAll(async () => {
      test = await kind.open();
      engine = newEngine(test.db);
    });
    afterAll(async () => test.drop());

    it('never lets a reader miss a change: every committed row reaches a reader that polls meanwhile', async () => {
      const seed = await seedTenant(test.db, engine);
      const start = await engine.currentVersion();
      const written = new Set<string>();
      const customer = (name: string): Row => ({
        id: uuidv7(),
        tenant_id: seed.tenantId,
        site_id: seed.siteA,
        name,
        phone: null,
        email: null,
        address: null,
        tax_id: null,
        notes: null,
        created_at: '2026-11-22T09:00:00.000Z',
        updated_at: '2026-11-22T09:00:00.000Z',
        deleted_at: null,
      });
      let writing = true;
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        for (let i = 0; i < WRITES_EACH; i++) {
          // Transactions of different sizes take different times to commit: out-of-order commits.
          const rows = Array.from({ length: 1 + ((writer + i) % 4) }, () => customer(`w${writer}-${i}`));
          await engine.writeRows(
            seed.tenantId,
            rows.map((row) => ({ table: 'customers' as const, row })),
          );
          for (const row of rows) written.add(row.id);
        }
      });
      const seen = new Set<string>();
      const checkpoints: number[] = [];
      const reader = (async () => {
        let cursor = start;
        while (writing) {
          const page = await engine.pull(seed.devices.counterA, { clientId: uuidv7(), cursor, limit: 50 });
          for (const change of page.changes) if (change.table === 'customers') seen.add(change.id);
          checkpoints.push(page.checkpoint);
          cursor = page.checkpoint;
        }
        return cursor;
      })();
      await Promise.all(writers);
      writing = false;
      let cursor = await reader;
      // Drain what was committed after the reader's last page.
      for (;;) {
        const page = await engine.pull(seed.devices.counterA, { clientId: uuidv7(), cursor, limit: 500 });
        for (const change of page.changes) if (change.table === 'customers') seen.add(change.id);
        if (page.checkpoint === cursor && !page.hasMore) break;
        cursor = page.checkpoint;
      }
      expect(written.size).toBeGreaterThan(WRITERS * WRITES_EACH);
      expect([...written].filter((id) => !seen.has(id))).toEqual([]);
      expect(checkpoints).toEqual([...checkpoints].sort((a, b) => a - b));
    });
  });
}
