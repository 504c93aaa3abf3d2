import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeRow, tableSpec, uuidv7, type Row, type TableName } from '@forecourt/shared';
import type { DeviceIdentity } from '../../../src/core/counter-api.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import type { ActorProfile } from '../../../src/core/mutation-context.ts';
import { openReplica } from '../../../src/core/replica/open-replica.ts';
import { Replica } from '../../../src/core/replica/replica.ts';

export const T0 = Date.parse('2026-11-22T09:00:00.000Z');

/** A controllable wall clock and id source, so that runs are repeatable. */
export class TestClock {
  now = T0;
  readonly wallNow = () => this.now;
  readonly freshId = () => uuidv7(this.now);
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface ReplicaFixture {
  readonly dir: string;
  readonly replica: Replica;
  readonly identity: DeviceIdentity;
  readonly siteId: string;
  readonly clock: TestClock;
  readonly staff: ActorProfile;
  readonly manager: ActorProfile;
  /** Writes a full row as the server would have sent it. */
  seed(table: TableName, values: Record<string, unknown>): Row;
  close(): void;
}

/** An enrolled replica in a temp folder (real better-sqlite3 file), with a tenant and a site. */
export function createReplicaFixture(scope: 'site' | 'tenant' = 'site'): ReplicaFixture {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-core-'));
  const replica = new Replica(openReplica(dir, { logger: silentLogger }));
  const tenantId = uuidv7();
  const siteId = uuidv7();
  const identity: DeviceIdentity = {
    deviceId: uuidv7(),
    deviceCode: 'BLR1A',
    tenantId,
    siteId: scope === 'site' ? siteId : null,
    scope,
    serverUrl: 'http://sync.test',
  };
  replica.saveIdentity(identity);
  const clock = new TestClock();
  const seed = (table: TableName, values: Record<string, unknown>): Row => {
    const stamp = new Date(clock.now).toISOString();
    const row = completeRow(tableSpec(table), {
      id: uuidv7(),
      tenant_id: tenantId,
      created_at: stamp,
      updated_at: stamp,
      ...values,
    });
    replica.store().put(table, row);
    return row;
  };
  seed('tenants', { id: tenantId, name: 'Demo Garage', country: 'IN', currency: 'INR' });
  seed('sites', { id: siteId, name: 'Bengaluru', code: 'BLR1', timezone: 'Asia/Kolkata' });
  return {
    dir,
    replica,
    identity,
    siteId,
    clock,
    staff: { userId: uuidv7(), role: 'staff', siteIds: [siteId] },
    manager: { userId: uuidv7(), role: 'manager', siteIds: [siteId] },
    seed,
    close: () => {
      replica.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function outboxRows(replica: Replica): Array<Record<string, unknown>> {
  return replica.db.prepare('SELECT * FROM outbox ORDER BY mutation_id').all() as Array<Record<string, unknown>>; // raw rows for assertions
}

export function undoRows(
  replica: Replica,
): Array<{ mutation_id: number; seq: number; table_name: string; before: string | null }> {
  return replica.db.prepare('SELECT * FROM outbox_undo ORDER BY mutation_id, seq').all() as Array<{
    mutation_id: number;
    seq: number;
    table_name: string;
    before: string | null;
  }>; // the outbox_undo columns, as declared in 0001_init.sql
}
