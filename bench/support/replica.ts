import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRow, tableSpec, uuidv7, type TableName } from '@forecourt/shared';
import type { DeviceIdentity } from '../../desktop/src/core/counter-api.ts';
import { silentLogger } from '../../desktop/src/core/logger.ts';
import type { ActorProfile } from '../../desktop/src/core/mutation-context.ts';
import { openReplica } from '../../desktop/src/core/replica/open-replica.ts';
import { Replica } from '../../desktop/src/core/replica/replica.ts';
import { rawInsertSite, type SitePlan } from './site-rows.ts';

export interface BenchReplica {
  readonly replica: Replica;
  readonly dir: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly manager: ActorProfile;
  close(): void;
}

/**
 * An enrolled counter replica in a temp folder (a real better-sqlite3 file, opened as the counter
 * opens it: WAL, synchronous NORMAL), holding a tenant, a site and optionally a generated site.
 */
export function createBenchReplica(plan: SitePlan | null = null): BenchReplica {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-bench-replica-'));
  const replica = new Replica(openReplica(dir, { logger: silentLogger }));
  const tenantId = uuidv7();
  const siteId = uuidv7();
  const identity: DeviceIdentity = {
    deviceId: uuidv7(),
    deviceCode: 'BNCH1A',
    tenantId,
    siteId,
    scope: 'site',
    serverUrl: 'http://127.0.0.1:9',
  };
  replica.saveIdentity(identity);
  const stamp = new Date().toISOString();
  const seed = (table: TableName, values: Record<string, unknown>) =>
    replica
      .store()
      .put(
        table,
        completeRow(tableSpec(table), { tenant_id: tenantId, created_at: stamp, updated_at: stamp, ...values }),
      );
  seed('tenants', { id: tenantId, name: 'Bench Garage', country: 'IN', currency: 'INR' });
  seed('sites', { id: siteId, name: 'Bench site', code: 'BNCH', timezone: 'Asia/Kolkata' });
  if (plan) rawInsertSite(replica.db, plan, { tenantId, siteId });
  return {
    replica,
    dir,
    tenantId,
    siteId,
    manager: { userId: uuidv7(), role: 'manager', siteIds: [siteId] },
    close() {
      replica.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
