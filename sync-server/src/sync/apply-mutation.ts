import {
  clampRemoteHlc,
  DomainError,
  MAX_CLOCK_DRIFT_MS,
  authorize,
  isDomainError,
  mutationByName,
  planChange,
  resolveReadsAsync,
  runDecide,
  validateInput,
  type MutationOutcome,
  type AsyncRowStore,
  type PushedMutation,
  type Row,
  type TableName,
} from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { resolveActor, serverContext, type ResolvedActor } from './actor-context.ts';
import type { ChangeEntry } from './change-log.ts';
import { directRows, type MutationRows } from './chunk-rows.ts';
import { mergeFieldEdits, type FieldEdit, type WriterInfo } from './field-merge.ts';
import type { DeviceSession } from './types.ts';

export interface AppliedWrites {
  readonly entries: ChangeEntry[];
  readonly fieldEdits: FieldEdit[];
  readonly clockClamped: boolean;
}

/**
 * Thrown when an insert that skipped its existence check hit a row with the same key: the caller
 * rolls back to the mutation's savepoint and runs it again with every check (the outcome is then
 * exactly what a careful run gives: "already exists", another tenant's row, another unique key).
 */
export class InsertClash extends Error {
  constructor() {
    super('an insert met an existing key');
    this.name = 'InsertClash';
  }
}

export interface ApplyOptions {
  /**
   * Insert fresh rows without reading first whether the id exists (one round trip less per row).
   * Counter ids are UUIDv7, so a clash is rare; it surfaces as InsertClash.
   */
  readonly optimisticInserts: boolean;
  /** Where rows are read and written (default: the transaction itself, statement by statement). */
  readonly rows?: MutationRows;
}

/** The server's time for a mutation: the counter's, unless that claims to be in the future. */
function effectiveNow(recorded: string, serverNowMs: number): string {
  const recordedMs = Date.parse(recorded);
  if (!Number.isFinite(recordedMs) || recordedMs > serverNowMs + MAX_CLOCK_DRIFT_MS) {
    return new Date(serverNowMs).toISOString();
  }
  return new Date(recordedMs).toISOString();
}

/**
 * Runs one pushed mutation against authoritative state inside the caller's transaction: the same
 * decide the counter ran, then every change through planChange (scope rules) and the per-field
 * merge. Throws a DomainError for a business rejection (the caller rolls back to its savepoint).
 */
export async function applyPushedMutation(
  tx: Queryable,
  device: DeviceSession,
  signedInUserId: string | null,
  clientId: string,
  mutation: PushedMutation,
  serverNowMs: number,
  actors: Map<string, Promise<ResolvedActor>> = new Map(),
  options: ApplyOptions = { optimisticInserts: false },
): Promise<AppliedWrites> {
  const rows = options.rows ?? directRows(tx, device.tenantId);
  const { store } = rows;
  const { hlc, clamped } = clampRemoteHlcSafe(mutation.hlc, serverNowMs);
  const now = effectiveNow(mutation.env.now, serverNowMs);
  // One batch usually carries one actor: resolve each once per transaction.
  let pendingActor = actors.get(mutation.actorId);
  if (!pendingActor) {
    pendingActor = resolveActor(tx, store, device, mutation.actorId, signedInUserId);
    actors.set(mutation.actorId, pendingActor);
  }
  const actor = await pendingActor;
  const ctx = serverContext({ device, actor, env: mutation.env, now, hlc });
  const def = mutationByName(mutation.name);
  const input = validateInput(def, mutation.args);
  authorize(def, ctx);
  const state = await resolveReadsAsync(def.load(input as never, ctx), store, ctx);
  const decision = runDecide(def, input, state, ctx);
  const writer: WriterInfo = { clientId, actorId: actor.userId, hlc, baseVersion: mutation.baseVersion, now };
  const entries: ChangeEntry[] = [];
  const fieldEdits: FieldEdit[] = [];
  for (const change of decision.changes) {
    const optimistic = options.optimisticInserts && change.op === 'insert';
    const existing = optimistic
      ? null
      : change.op === 'insert'
        ? await store.get(change.table, String(change.row.id))
        : await rows.getForUpdate(change.table, change.id);
    const planned = planChange(change, existing, ctx);
    const conflictSite = conflictSiteFor(planned.table, planned.after, ctx.deviceSiteId);
    const merged = await mergeFieldEdits(tx, planned, writer, conflictSite, rows.isNew(planned.table, planned.id));
    for (const conflict of merged.conflicts) {
      await store.insert('conflicts', conflict);
      entries.push({ table: 'conflicts', id: conflict.id, op: 'put', row: conflict });
    }
    if (!merged.row) {
      // Every field lost to a later concurrent edit: nothing to write, but the pushing counter
      // still shows its own (losing) values. Announcing the unchanged row brings it back in line.
      if (planned.before) entries.push({ table: planned.table, id: planned.id, op: 'put', row: planned.before });
      continue;
    }
    if (optimistic) await insertFresh(store, planned.table, merged.row);
    else await store.put(planned.table, merged.row);
    entries.push({ table: planned.table, id: planned.id, op: 'put', row: merged.row });
    if (planned.before) fieldEdits.push({ table: planned.table, id: planned.id, fields: merged.appliedFields, writer });
  }
  return { entries, fieldEdits, clockClamped: clamped };
}

/**
 * A plain INSERT. A key clash aborts the transaction back to the caller's savepoint, which rolls
 * back to it and runs the mutation again carefully (see InsertClash).
 */
async function insertFresh(store: AsyncRowStore, table: TableName, row: Row): Promise<void> {
  try {
    await store.insert(table, row);
  } catch (error) {
    throw (error as { code?: unknown } | null)?.code === '23505' ? new InsertClash() : error;
  }
}

function clampRemoteHlcSafe(hlc: string, nowMs: number): { hlc: string; clamped: boolean } {
  try {
    return clampRemoteHlc(hlc, nowMs);
  } catch {
    throw new DomainError('invalid', 'the mutation carries a malformed clock timestamp');
  }
}

function conflictSiteFor(table: string, row: Row, deviceSiteId: string | null): string | null {
  if (typeof row.site_id === 'string' && table !== 'devices') return row.site_id;
  if (table === 'sites') return row.id;
  return deviceSiteId;
}

export function rejectionOutcome(id: number, error: unknown): MutationOutcome {
  if (!isDomainError(error)) throw error;
  return { id, status: 'rejected', error: { code: error.code, message: error.message } };
}
