import { DomainError, HlcClock, type Row, type TableName } from '@forecourt/shared';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { pgRowStore } from '../db/pg-store.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { allocateVersion, appendChanges, CHANGES_CHANNEL, notifyCommit, type ChangeEntry } from './change-log.ts';
import { CommitNotifier } from './commit-notifier.ts';
import { currentVersion, pullPage } from './pull.ts';
import { pushBatch } from './push.ts';
import { SnapshotReadAhead } from './snapshot-read-ahead.ts';
import { runWithRetry } from './retry.ts';
import type { AppliedListener, AppliedMutation, DeviceSession, SyncEngine } from './types.ts';

export interface SyncEngineDeps {
  readonly db: Database;
  readonly logger: Logger;
  /** Wall clock in ms; injected so tests can skew it. */
  readonly clock: () => number;
  /** Reads each next snapshot page while the device receives this one; null turns it off. */
  readonly snapshotReadAhead?: SnapshotReadAhead | null;
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const hlc = new HlcClock('server', deps.clock);
  const notifier = new CommitNotifier(deps.db, deps.logger);
  const appliedListeners = new Set<AppliedListener>();
  const readAhead = deps.snapshotReadAhead === undefined ? new SnapshotReadAhead() : deps.snapshotReadAhead;
  const onApplied = async (device: DeviceSession, applied: readonly AppliedMutation[]) => {
    for (const listener of appliedListeners) {
      try {
        await listener(device, applied);
      } catch (error) {
        deps.logger.warn({ err: error, tenantId: device.tenantId }, 'a listener of applied mutations failed');
      }
    }
  };

  return {
    async push(device, signedInUserId, request) {
      for (const mutation of request.mutations) {
        if (mutation.hlc) hlcReceive(hlc, mutation.hlc);
      }
      const result = await pushBatch(
        { db: deps.db, clock: deps.clock, onApplied },
        device,
        signedInUserId,
        request,
        (version) => notifier.committed(device.tenantId, version),
      );
      return { ...result, serverHlc: hlc.now() };
    },
    async pull(device, request) {
      const page = (await readAhead?.take(device, request)) ?? (await pullPage(deps.db, device, request));
      readAhead?.readAfter(device, request, page, (next) => pullPage(deps.db, device, next));
      return { ...page, serverHlc: hlc.now() };
    },
    async writeRows(tenantId, rows) {
      const version = await writeServerRows(deps.db, tenantId, rows);
      notifier.committed(tenantId, version);
      return version;
    },
    onCommit: (listener) => notifier.subscribe(listener),
    onPushApplied(listener) {
      appliedListeners.add(listener);
      return () => appliedListeners.delete(listener);
    },
    currentVersion: () => currentVersion(deps.db),
    start: () => notifier.start(CHANGES_CHANNEL),
    stop: () => notifier.stop(),
  };
}

/** A clock from a counter far in the future must not drag the server's clock along. */
function hlcReceive(clock: HlcClock, remote: string): void {
  try {
    clock.receive(remote);
  } catch {
    // A malformed timestamp is rejected with the mutation itself; nothing to merge here.
  }
}

async function writeServerRows(
  db: Database,
  tenantId: string,
  rows: ReadonlyArray<{ table: TableName; row: Row }>,
): Promise<number> {
  if (rows.length === 0) throw new DomainError('invalid', 'nothing to write');
  return runWithRetry(() =>
    withTenant(db, tenantId, async (tx) => {
      const store = pgRowStore(tx, tenantId);
      const entries: ChangeEntry[] = [];
      for (const { table, row } of rows) {
        await store.put(table, row);
        entries.push({ table, id: row.id, op: 'put', row });
      }
      const version = await allocateVersion(tx);
      await appendChanges(tx, tenantId, version, entries);
      await notifyCommit(tx, tenantId, version);
      return version;
    }),
  );
}
