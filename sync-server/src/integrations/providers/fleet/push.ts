import type { Database } from '../../../db/database.ts';
import { insertCall } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import type { FleetPlatform } from './platform.ts';

const CURSOR = 'integrations.fleet.cursor';
const BATCH = 500;

/**
 * Turns vehicle changes in the change log (written by counters or the server) into push calls,
 * one per vehicle and version (`fleet:<vehicleId>:<version>`), and moves a cursor — in one
 * transaction, so no change is skipped or pushed under two keys. Returns how many were enqueued.
 */
export async function enqueueFleetPushes(deps: {
  db: Database;
  queue: JobQueue;
  clock: () => number;
}): Promise<number> {
  const nowIso = new Date(deps.clock()).toISOString();
  const enqueued = await deps.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [CURSOR]);
    const cursor = Number(
      (await tx.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [CURSOR])).rows[0]
        ?.value ?? 0,
    );
    // Versions become visible in commit order: everything up to `newest` is visible now.
    const newest = Number(
      (await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM change_log')).rows[0]?.v ?? cursor,
    );
    const changes = await tx.query<{ version: number; tenant_id: string; row_id: string }>(
      `SELECT version, tenant_id, row_id FROM change_log WHERE table_name = 'vehicles' AND version > $1 AND version <= $2 ORDER BY version LIMIT ${BATCH}`,
      [cursor, newest],
    );
    const calls: Array<{ callId: string }> = [];
    for (const change of changes.rows) {
      const call = await insertCall(
        tx,
        {
          tenantId: change.tenant_id,
          provider: 'fleet',
          operation: 'fleet.upsert',
          idempotencyKey: `fleet:${change.row_id}:${change.version}`,
          entityKey: change.row_id,
          request: { vehicleId: change.row_id },
        },
        nowIso,
      );
      if (call.created) calls.push({ callId: call.id });
    }
    // A full page may have cut a version in two: stop below it (its pushes are keyed, a re-read
    // enqueues nothing twice). Otherwise everything up to the newest version has been seen.
    const full = changes.rows.length === BATCH;
    const lastSeen = Number(changes.rows.at(-1)?.version ?? cursor);
    const last = full ? Math.max(cursor, lastSeen - 1) : Math.max(cursor, newest);
    await deps.queue.enqueue(tx, QUEUES.outbound, calls);
    await tx.query(
      'INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [CURSOR, String(last)],
    );
    return calls.length;
  });
  if (enqueued > 0) deps.queue.wake(QUEUES.outbound);
  return enqueued;
}

/** Pushes the vehicle as it is now (a later version's call pushes later data; the platform is idempotent by key). */
export function fleetUpsertOperation(deps: { db: Database; platform: FleetPlatform }): OutboundOperation {
  return {
    unsafeToRepeat: false,
    async perform(call) {
      const vehicle = (
        await deps.db.query<{
          id: string;
          registration: string;
          make: string | null;
          model: string | null;
          year: number | null;
          vin: string | null;
        }>('SELECT id, registration, make, model, year, vin FROM vehicles WHERE id = $1 AND tenant_id = $2', [
          call.request.vehicleId,
          call.tenant_id,
        ])
      ).rows[0];
      if (!vehicle) return { skipped: 'vehicle removed' };
      const pushed = await deps.platform.upsertVehicle(
        { ...vehicle, year: vehicle.year === null ? null : Number(vehicle.year) },
        call.idempotency_key,
      );
      return { externalId: pushed.externalId };
    },
  };
}
