import {
  blockChanges,
  completeRow,
  DomainError,
  isDomainError,
  isTableName,
  mutationByName,
  replayingEnv,
  tableSpec,
  validateInput,
  type MutationOutcome,
  type PullResponse,
  type RowBlock,
  type RowChange,
  type TableName,
} from '@forecourt/shared';
import type { DeviceIdentity } from './counter-api.ts';
import type { Logger } from './logger.ts';
import { buildMutationContext, type ActorProfile } from './mutation-context.ts';
import { applyMutation } from './mutation-runner.ts';
import { affectedMutations, closeForward, laterTouching, rowKey, type PageRow } from './rebase-scope.ts';
import { resumeDerivedTriggers, suspendDerivedTriggers } from './replica/derived-data.ts';
import { META } from './replica/meta.ts';
import type { OutboxEntry } from './replica/outbox.ts';
import type { Replica } from './replica/replica.ts';

export interface RebaseDeps {
  readonly replica: Replica;
  readonly wallNow: () => number;
  /** Ids for a re-run that takes another branch than when it was recorded. */
  readonly freshId: () => string;
  readonly logger: Logger;
  /** Role and sites of a mutation's actor, or null when this counter does not know them. */
  readonly actorProfile: (userId: string) => ActorProfile | null;
}

export interface RebaseResult {
  /** Every table whose rows may have changed: one 'data' event for the whole rebase. */
  readonly tables: TableName[];
  readonly confirmed: number[];
  readonly rejected: number[];
  readonly hlcClamped: boolean;
}

/**
 * Applies one pull page (DESIGN §4.4): take the optimistic effects of the pending mutations the
 * page can change back out, apply the server's changes, drop what the server has settled, re-run
 * the rest of them on top — all in one transaction, so a reader sees the replica before or after,
 * never in between, and the user's own rows never vanish or flicker. Pending mutations the page
 * cannot change keep their effects (rebase-scope.ts), so a page costs what it carries.
 */
export function applyPullResponse(deps: RebaseDeps, response: PullResponse): RebaseResult {
  const { replica } = deps;
  const identity = replica.requireIdentity();
  return replica.db
    .transaction(() => {
      // A page pulled from cursor 0 with no snapshot under way is the first page of a snapshot.
      if (replica.cursor() === 0 && replica.snapshot() === null) {
        replica.meta.set(META.snapshotsStarted, String(replica.snapshotsStarted() + 1));
        // The derived tables are rebuilt once when the snapshot completes (saveProgress).
        suspendDerivedTriggers(replica.db);
      }
      if (replica.outbox.isEmpty()) {
        // Nothing pending (a first sync, a caught-up counter): nothing to undo, settle or re-run.
        const tables = writePageDirectly(deps, response.blocks ?? [], response.changes);
        saveProgress(replica, response);
        const hlcClamped = replica.receiveHlc(identity, response.serverHlc, deps.wallNow);
        return { tables, confirmed: [], rejected: [], hlcClamped };
      }
      const writes = serverWrites(deps, identity, [...blockChanges(response.blocks), ...response.changes]);
      const scope = affectedMutations(replica, writes, response.lastMutationId);
      let affected = scope.affected;
      let rebased: Omit<RebaseResult, 'hlcClamped'> = { tables: [], confirmed: [], rejected: [] };
      // Nothing changed and nothing settled: re-running the same decides would give the same rows.
      if (affected.length > 0 || writes.length > 0) {
        for (;;) {
          const attempt = rebaseAffected(deps, response, { writes, clean: scope.clean }, affected);
          if (!Array.isArray(attempt)) {
            rebased = attempt;
            break;
          }
          // The mutations found late bring their own later readers and writers along.
          affected = closeForward(replica.outbox, [...affected, ...attempt], response.lastMutationId, scope.clean);
        }
      }
      saveProgress(replica, response);
      const hlcClamped = replica.receiveHlc(identity, response.serverHlc, deps.wallNow);
      return { ...rebased, hlcClamped };
    })
    .immediate();
}

/**
 * One try, in a savepoint, with the given affected mutations. A re-run that took another branch
 * may write rows that later, unaffected mutations read or wrote: then everything is rolled back
 * and those mutations are returned, to try again with them.
 */
function rebaseAffected(
  deps: RebaseDeps,
  response: PullResponse,
  { writes, clean }: { writes: readonly PageRow[]; clean: ReadonlySet<string> },
  affected: readonly number[],
): Omit<RebaseResult, 'hlcClamped'> | number[] {
  const { replica } = deps;
  const identity = replica.requireIdentity();
  try {
    return replica.db.transaction(() => {
      const touched = new Set<TableName>();
      const pending = replica.outbox.entries(affected);
      const rows = new Set(writes.map((write) => rowKey(write.table, write.id)));
      const before = undoPending(replica, pending, { rows, clean, settledUpTo: response.lastMutationId ?? 0 }, touched);
      applyServerWrites(replica, writes, clean, touched);
      const settled = settleConfirmed(replica, pending, response, new Date(deps.wallNow()).toISOString());
      const settledIds = new Set([...settled.confirmed, ...settled.rejected]);
      const known = new Set(affected);
      const missed = new Set<number>();
      for (const entry of pending) {
        if (settledIds.has(entry.mutationId)) continue;
        redo(deps, identity, entry, touched);
        const wrote = before.get(entry.mutationId);
        for (const later of laterTouching(replica.outbox, entry.mutationId, known, wrote)) missed.add(later);
      }
      if (missed.size > 0) throw new WiderRebase([...missed]);
      return { tables: [...touched], ...settled };
    })();
  } catch (error) {
    if (error instanceof WiderRebase) return error.ids;
    throw error;
  }
}

/** Thrown inside the savepoint to roll a too narrow rebase back. */
class WiderRebase extends Error {
  constructor(readonly ids: number[]) {
    super('the rebase needs more pending mutations');
  }
}

/**
 * Newest first, each mutation's changes last-first: restores the server state underneath. Rows
 * the page writes are left alone where that changes nothing: the server's version replaces them
 * right after, or, for a clean row, a settled mutation's effect is already the server's value.
 * Returns the rows each mutation wrote.
 */
function undoPending(
  replica: Replica,
  pending: readonly OutboxEntry[],
  page: { readonly rows: ReadonlySet<string>; readonly clean: ReadonlySet<string>; readonly settledUpTo: number },
  touched: Set<TableName>,
): Map<number, Set<string>> {
  const store = replica.store();
  const wrote = new Map<number, Set<string>>();
  for (const entry of [...pending].reverse()) {
    const rows = new Set<string>();
    wrote.set(entry.mutationId, rows);
    const settled = entry.mutationId <= page.settledUpTo;
    for (const image of replica.outbox.undoImages(entry.mutationId)) {
      const key = rowKey(image.table, image.rowId);
      rows.add(key);
      touched.add(image.table);
      if (page.rows.has(key) && (settled || !page.clean.has(key))) continue;
      if (image.before) store.put(image.table, image.before);
      else store.remove(image.table, image.rowId);
    }
    replica.outbox.clearUndo(entry.mutationId);
  }
  return wrote;
}

/** The page's changes as they will be written: unknown tables and other tenants' rows left out. */
function serverWrites(deps: RebaseDeps, identity: DeviceIdentity, changes: readonly RowChange[]): PageRow[] {
  const writes: PageRow[] = [];
  for (const change of changes) {
    if (!isTableName(change.table)) {
      // A table this version of the counter does not know yet; the rest of the page still applies.
      deps.logger.warn({ table: change.table }, 'pull: change for an unknown table skipped');
      continue;
    }
    if (change.op === 'remove') {
      writes.push({ table: change.table, id: change.id, row: null });
      continue;
    }
    if (!change.row) throw new DomainError('invalid', `pull: put of ${change.table} without a row`);
    // Columns this version does not know are left out, so a newer server does not break the page.
    const row = completeRow(tableSpec(change.table), { ...change.row, id: change.id });
    if (row.tenant_id !== identity.tenantId) {
      deps.logger.error({ table: change.table }, 'pull: row of another tenant refused');
      continue;
    }
    writes.push({ table: change.table, id: change.id, row });
  }
  return writes;
}

/**
 * The page written as it comes, when no mutation is pending: the same rows `serverWrites` and
 * `applyServerWrites` would write (unknown tables and other tenants' rows left out, unknown
 * columns dropped, every value checked), in one pass per row; row blocks first, like the rebase
 * path reads them. Returns the tables written.
 */
function writePageDirectly(deps: RebaseDeps, blocks: readonly RowBlock[], changes: readonly RowChange[]): TableName[] {
  const { replica } = deps;
  const write = replica.serverRowWriter();
  const store = replica.store();
  const touched = new Set<TableName>();
  for (const change of changes) {
    if (isTableName(change.table) && change.op === 'put' && !change.row) {
      throw new DomainError('invalid', `pull: put of ${change.table} without a row`);
    }
  }
  const writeBlock = replica.rowBlockWriter();
  for (const block of blocks) {
    const table = block.table;
    if (!isTableName(table)) {
      deps.logger.warn({ table }, 'pull: change for an unknown table skipped');
      continue;
    }
    const refused = writeBlock(table, block);
    if (refused > 0) deps.logger.error({ table, rows: refused }, 'pull: row of another tenant refused');
    if (refused < block.rows.length) touched.add(table);
  }
  for (const change of changes) {
    const table = change.table;
    if (!isTableName(table)) {
      deps.logger.warn({ table }, 'pull: change for an unknown table skipped');
      continue;
    }
    if (change.op === 'remove') {
      store.remove(table, change.id);
    } else if (!write(table, change.id, change.row ?? {})) {
      deps.logger.error({ table }, 'pull: row of another tenant refused');
      continue;
    }
    touched.add(table);
  }
  return [...touched];
}

/** Writes the page; a clean row already holds exactly the server's value (rebase-scope.ts). */
function applyServerWrites(
  replica: Replica,
  writes: readonly PageRow[],
  clean: ReadonlySet<string>,
  touched: Set<TableName>,
): void {
  const store = replica.store();
  for (const write of writes) {
    if (clean.has(rowKey(write.table, write.id))) continue;
    if (write.row) store.put(write.table, write.row);
    else store.remove(write.table, write.id);
    touched.add(write.table);
  }
}

/**
 * Drops the mutations the server has included in the state it sent (by lastMutationId, not by
 * comparing data); the rejected ones move to `rejections` with the server's reason.
 */
function settleConfirmed(
  replica: Replica,
  pending: readonly OutboxEntry[],
  response: PullResponse,
  at: string,
): { confirmed: number[]; rejected: number[] } {
  const confirmed: number[] = [];
  const rejected: number[] = [];
  const last = response.lastMutationId;
  if (last === null) return { confirmed, rejected };
  const outcomes = new Map<number, MutationOutcome>(response.outcomes.map((outcome) => [outcome.id, outcome]));
  for (const entry of pending) {
    if (entry.mutationId > last) break;
    const outcome = outcomes.get(entry.mutationId);
    if (outcome?.status === 'rejected') {
      const error = outcome.error ?? { code: 'rejected', message: 'the server refused this change' };
      replica.outbox.reject(entry, error, at);
      rejected.push(entry.mutationId);
    } else {
      replica.outbox.drop(entry.mutationId);
      confirmed.push(entry.mutationId);
    }
  }
  return { confirmed, rejected };
}

/**
 * Re-runs a pending mutation on the new server state with its recorded time, ids, numbers and
 * HLC. In a savepoint: a mutation that no longer passes its rules locally leaves no trace and
 * keeps its place in the outbox with the reason; the server has the final word.
 */
function redo(deps: RebaseDeps, identity: DeviceIdentity, entry: OutboxEntry, touched: Set<TableName>): void {
  const { replica } = deps;
  try {
    const tables = replica.db.transaction(() => {
      const def = mutationByName(entry.name);
      const input = validateInput(def, entry.args);
      const actor = deps.actorProfile(entry.actorId);
      if (!actor) throw new DomainError('forbidden', 'the user who made this change is not known on this counter');
      const env = replayingEnv(entry.env, deps.freshId);
      const ctx = buildMutationContext(identity, actor, { now: entry.env.now, hlc: entry.hlc, env });
      const applied = applyMutation(replica, def, input, ctx, entry.mutationId);
      // A mutation queued before footprints were kept gets one now (a load always reads the same).
      if (!entry.readsRecorded) replica.outbox.replaceReads(entry.mutationId, applied.reads);
      return applied.tables;
    })();
    for (const table of tables) touched.add(table);
    if (entry.localError !== null) replica.outbox.setLocalError(entry.mutationId, null);
  } catch (error) {
    if (!isDomainError(error)) {
      deps.logger.error(
        { err: error, mutationId: entry.mutationId, name: entry.name },
        'rebase: re-run failed unexpectedly',
      );
    }
    replica.outbox.setLocalError(entry.mutationId, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Moves the cursor to the checkpoint. While a first sync's snapshot is still streaming the
 * cursor stays where it was and the snapshot position is kept instead; the page that finishes
 * the snapshot moves the cursor to where the change log continues.
 */
function saveProgress(replica: Replica, response: PullResponse): void {
  if (response.snapshot) {
    replica.meta.setJson(META.snapshot, response.snapshot);
    return;
  }
  const streamed = replica.snapshot();
  replica.meta.delete(META.snapshot);
  resumeDerivedTriggers(replica.db);
  const cursor = streamed ? Math.max(response.checkpoint, streamed.version) : response.checkpoint;
  replica.meta.set(META.cursor, String(cursor));
}
