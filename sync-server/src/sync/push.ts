import {
  DomainError,
  isDomainError,
  type MutationOutcome,
  type PushedMutation,
  type PushRequest,
} from '@forecourt/shared';
import { isConnectionError, isRetryableTransactionError, type Database, type Queryable } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import type { ResolvedActor } from './actor-context.ts';
import { applyPushedMutation, InsertClash, type AppliedWrites, type ApplyOptions } from './apply-mutation.ts';
import { allocateVersion, appendChanges, notifyCommit, type ChangeEntry } from './change-log.ts';
import { ChunkRows } from './chunk-rows.ts';
import { saveFieldClocks, type FieldEdit } from './field-merge.ts';
import { recordOutcomes, storedOutcomes, type ProcessedMutation } from './mutation-results.ts';
import { runWithRetry } from './retry.ts';
import type { AppliedMutation, DeviceSession } from './types.ts';

/** Mutations per transaction: large enough to amortise the commit, small enough to keep locks short. */
export const PUSH_CHUNK = 100;

export interface PushDeps {
  readonly db: Database;
  readonly clock: () => number;
  /**
   * Run every chunk with a savepoint per mutation and each statement at once, never buffered
   * (the path a buffered chunk falls back to; tests compare the two).
   */
  readonly careful?: boolean;
  /** Called after each chunk's transaction committed, with the mutations it applied (not replays). */
  readonly onApplied?: (device: DeviceSession, applied: readonly AppliedMutation[]) => Promise<void>;
}

export interface PushResult {
  lastMutationId: number;
  outcomes: MutationOutcome[];
  stoppedAt?: number;
}

/**
 * Applies a push (DESIGN §4.2). Each mutation is atomic on its own — a savepoint around it, so a
 * business rejection rolls back only that mutation, is recorded, and still advances
 * last_mutation_id. Consecutive mutations of one push share a transaction and one change-log
 * version (docs/decisions.md: batching keeps the commit-ordered version counter off the hot path).
 */
export async function pushBatch(
  deps: PushDeps,
  device: DeviceSession,
  signedInUserId: string | null,
  request: PushRequest,
  onVersion: (version: number) => void,
): Promise<PushResult> {
  const sorted = [...request.mutations].sort((a, b) => a.id - b.id);
  const result: PushResult = { lastMutationId: 0, outcomes: [] };
  for (let start = 0; start < sorted.length; start += PUSH_CHUNK) {
    const chunk = sorted.slice(start, start + PUSH_CHUNK);
    const step = await runWithRetry(() =>
      withTenant(deps.db, device.tenantId, (tx) =>
        processChunk(tx, deps.clock(), device, signedInUserId, request.clientId, chunk, deps.careful === true),
      ),
    );
    result.outcomes.push(...step.outcomes);
    result.lastMutationId = Math.max(result.lastMutationId, step.lastMutationId);
    if (step.version > 0) onVersion(step.version);
    if (step.applied.length > 0) await deps.onApplied?.(device, step.applied);
    if (step.stoppedAt !== undefined) return { ...result, stoppedAt: step.stoppedAt };
  }
  return result;
}

interface ChunkResult {
  outcomes: MutationOutcome[];
  applied: AppliedMutation[];
  lastMutationId: number;
  version: number;
  stoppedAt?: number;
}

async function processChunk(
  tx: Queryable,
  nowMs: number,
  device: DeviceSession,
  signedInUserId: string | null,
  clientId: string,
  chunk: readonly PushedMutation[],
  careful: boolean,
): Promise<ChunkResult> {
  const nowIso = new Date(nowMs).toISOString();
  const last = await lockClient(tx, device, clientId, nowIso);
  const replayed = chunk.filter((mutation) => mutation.id <= last).map((mutation) => mutation.id);
  const outcomes: MutationOutcome[] = await storedOutcomes(tx, clientId, replayed);
  const scope: ChunkScope = { tx, device, signedInUserId, clientId, nowMs, actors: new Map(), savepointOpen: false };
  let run: ChunkRun | null = null;
  if (!careful && chunk.some((mutation) => mutation.id > last)) {
    // Buffered first (set-based writes); anything unusual rolls the chunk back and runs it carefully.
    await tx.query('SAVEPOINT push_chunk');
    run = await runBuffered(scope, chunk, last);
    if (!run) {
      await tx.query('ROLLBACK TO SAVEPOINT push_chunk');
      scope.actors.clear();
    }
  }
  run ??= await runCareful(scope, chunk, last);
  const { processed, applied, entries, fieldEdits, stoppedAt } = run;
  for (const step of processed) outcomes.push(step.outcome);
  let version = 0;
  if (entries.length > 0) {
    version = await allocateVersion(tx);
    await appendChanges(tx, device.tenantId, version, entries);
    await saveFieldClocks(tx, device.tenantId, version, fieldEdits);
    await notifyCommit(tx, device.tenantId, version);
  }
  if (processed.length > 0) await recordOutcomes(tx, device.tenantId, clientId, processed, version, nowIso);
  return {
    outcomes,
    applied,
    lastMutationId: run.last,
    version,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
  };
}

/** What running a chunk's new mutations produced (the transaction's tail is written from it). */
interface ChunkRun {
  readonly processed: ProcessedMutation[];
  readonly applied: AppliedMutation[];
  readonly entries: ChangeEntry[];
  readonly fieldEdits: FieldEdit[];
  last: number;
  stoppedAt?: number;
}

type MutationStep = AppliedWrites | { readonly rejected: DomainError };

/** Runs the chunk's mutations in order, up to a gap; `apply` gives each one's writes or its rejection. */
async function runChunk(
  chunk: readonly PushedMutation[],
  last: number,
  apply: (mutation: PushedMutation) => Promise<MutationStep>,
): Promise<ChunkRun> {
  const run: ChunkRun = { processed: [], applied: [], entries: [], fieldEdits: [], last };
  for (const mutation of chunk) {
    if (mutation.id <= run.last) continue;
    if (mutation.id > run.last + 1) {
      run.stoppedAt = mutation.id;
      break;
    }
    const step = await apply(mutation);
    let outcome: MutationOutcome;
    if ('rejected' in step) {
      const { code, message } = step.rejected;
      outcome = { id: mutation.id, status: 'rejected', error: { code, message } };
    } else {
      run.entries.push(...step.entries);
      run.fieldEdits.push(...step.fieldEdits);
      run.applied.push({ mutation, rows: step.entries });
      outcome = { id: mutation.id, status: 'applied', ...(step.clockClamped ? { clockClamped: true } : {}) };
    }
    run.processed.push({ mutation, outcome });
    run.last = mutation.id;
  }
  return run;
}

/**
 * The chunk with its row writes buffered (ChunkRows) and written set-based at its end, without a
 * savepoint per mutation: a mutation that decide rejects has written nothing to the database yet,
 * so dropping its buffered rows undoes it. Returns null when the chunk must run carefully instead
 * (a database error, a key clash, a write the flush refused); the caller then rolls back to the
 * chunk's savepoint. A lost connection or a serialization failure still ends the transaction.
 */
async function runBuffered(
  scope: ChunkScope,
  chunk: readonly PushedMutation[],
  last: number,
): Promise<ChunkRun | null> {
  const rows = new ChunkRows(scope.tx, scope.device.tenantId);
  try {
    const run = await runChunk(chunk, last, async (mutation) => {
      const mark = rows.mark();
      try {
        return await applyInScope(scope, mutation, { optimisticInserts: true, rows });
      } catch (error) {
        // Only a business rejection with nothing written yet is settled here.
        if (!isDomainError(error) || !rows.undoTo(mark)) throw error;
        scope.actors.delete(mutation.actorId);
        return { rejected: error };
      }
    });
    await rows.flush();
    return run;
  } catch (error) {
    if (isRetryableTransactionError(error) || isConnectionError(error)) throw error;
    return null;
  }
}

/** Every mutation in its own savepoint, every statement at once: each mutation's outcome on its own. */
async function runCareful(scope: ChunkScope, chunk: readonly PushedMutation[], last: number): Promise<ChunkRun> {
  const run = await runChunk(chunk, last, (mutation) => applyOne(scope, mutation));
  if (scope.savepointOpen) await scope.tx.query('RELEASE SAVEPOINT pushed_mutation');
  scope.savepointOpen = false;
  return run;
}

/** What every mutation of a chunk shares: its transaction, its device and who pushed. */
interface ChunkScope {
  readonly tx: Queryable;
  readonly device: DeviceSession;
  readonly signedInUserId: string | null;
  readonly clientId: string;
  readonly nowMs: number;
  readonly actors: Map<string, Promise<ResolvedActor>>;
  /** The previous mutation's savepoint is still there (released together with the next one's start). */
  savepointOpen: boolean;
}

/** One pushed mutation with what the chunk's mutations share. */
function applyInScope(scope: ChunkScope, mutation: PushedMutation, options: ApplyOptions): Promise<AppliedWrites> {
  const { tx, device, signedInUserId, clientId, nowMs, actors } = scope;
  return applyPushedMutation(tx, device, signedInUserId, clientId, mutation, nowMs, actors, options);
}

async function applyOne(scope: ChunkScope, mutation: PushedMutation): Promise<MutationStep> {
  const { tx } = scope;
  // One round trip instead of two: release the previous mutation's savepoint and open this one's.
  if (scope.savepointOpen) await tx.exec('RELEASE SAVEPOINT pushed_mutation; SAVEPOINT pushed_mutation');
  else await tx.query('SAVEPOINT pushed_mutation');
  scope.savepointOpen = true;
  try {
    return await applyCarefulOnClash(scope, mutation);
  } catch (error) {
    const rejection = asRejection(error);
    await tx.query('ROLLBACK TO SAVEPOINT pushed_mutation');
    // A rejected actor lookup must not be reused from the cache by the next mutation blindly.
    scope.actors.delete(mutation.actorId);
    return { rejected: rejection };
  }
}

/** Inserts skip their existence read; on a key clash the mutation runs again with every read. */
async function applyCarefulOnClash(scope: ChunkScope, mutation: PushedMutation): Promise<AppliedWrites> {
  const run = (optimisticInserts: boolean) => applyInScope(scope, mutation, { optimisticInserts });
  try {
    return await run(true);
  } catch (error) {
    if (!(error instanceof InsertClash)) throw error;
    await scope.tx.query('ROLLBACK TO SAVEPOINT pushed_mutation');
    return run(false);
  }
}

/** Database errors that are the mutation's fault, not the database's: rejected, not retried. */
function asRejection(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505') return new DomainError('conflict', 'this would duplicate a value that must be unique');
  // Row-level security refused the row: its id is another tenant's (PGlite, without the policy
  // role, reaches the same answer in the engine). A missing grant is also 42501 but says
  // "permission denied", and stays a server fault that fails the push.
  if (code === '42501' && /row-level security/i.test(String((error as { message?: unknown }).message))) {
    return new DomainError('forbidden', 'this record belongs to another company');
  }
  if (code === '23502' || code === '23514' || (typeof code === 'string' && code.startsWith('22'))) {
    return new DomainError('invalid', 'the data breaks a rule of the database');
  }
  throw error;
}

async function lockClient(tx: Queryable, device: DeviceSession, clientId: string, nowIso: string): Promise<number> {
  const lock = () =>
    tx.query<{ device_id: string; last_mutation_id: number }>(
      'SELECT device_id, last_mutation_id FROM sync_clients WHERE client_id = $1 FOR UPDATE',
      [clientId],
    );
  // A known client (every push but its first) needs only the lock: one round trip.
  let client = (await lock()).rows[0];
  if (!client) {
    await tx.query(
      `INSERT INTO sync_clients (client_id, tenant_id, device_id, last_mutation_id, created_at, last_seen_at)
       VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT (client_id) DO NOTHING`,
      [clientId, device.tenantId, device.deviceId, nowIso],
    );
    client = (await lock()).rows[0];
  }
  // Row-level security hides another tenant's client: both cases mean "not yours".
  if (!client || client.device_id !== device.deviceId)
    throw new DomainError('forbidden', 'this client belongs to another device');
  return Number(client.last_mutation_id);
}
