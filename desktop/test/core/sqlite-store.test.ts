import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAsyncStore } from '@forecourt/shared';
import { describeStoreConformance } from '@forecourt/shared/store/conformance';
import { silentLogger } from '../../src/core/logger.ts';
import { openReplica } from '../../src/core/replica/open-replica.ts';
import { sqliteRowStore, StatementCache } from '../../src/core/replica/sqlite-store.ts';

describeStoreConformance('better-sqlite3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-store-'));
  const db = openReplica(dir, { logger: silentLogger });
  const statements = new StatementCache(db);
  // The async adapter drives the transaction by hand; safe here because nothing else uses db.
  const manual = {
    begin: () => db.exec('BEGIN'),
    commit: () => db.exec('COMMIT'),
    rollback: () => db.exec('ROLLBACK'),
  };
  return {
    storeFor: (tenantId) => asAsyncStore(sqliteRowStore(db, tenantId, { statements }), manual),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
