import {
  authorize,
  DomainError,
  mutationByName,
  planChange,
  recordingEnv,
  resolveReadsSync,
  runDecide,
  validateInput,
  type AnyMutation,
  type Change,
  type MutationContext,
  type ReadSpec,
  type TableName,
} from '@forecourt/shared';
import type { DeviceIdentity } from './counter-api.ts';
import { buildMutationContext, type ActorProfile } from './mutation-context.ts';
import type { ReadRef } from './replica/outbox.ts';
import type { Replica } from './replica/replica.ts';

export interface AppliedMutation {
  readonly result: Record<string, unknown>;
  readonly tables: ReadonlySet<TableName>;
  /** What the load read: a rebase re-runs the mutation when a pull changes any of it. */
  readonly reads: readonly ReadRef[];
}

/** The rows a load reads by id, and the tables it searches. */
function readFootprint(spec: ReadSpec): ReadRef[] {
  return Object.values(spec).flatMap((request): ReadRef[] => {
    if (request.kind === 'find') return [{ table: request.table, rowId: null }];
    return request.id ? [{ table: request.table, rowId: request.id }] : [];
  });
}

function changedRowId(change: Change): string | null {
  if (change.op !== 'insert') return change.id;
  return typeof change.row.id === 'string' ? change.row.id : null;
}

/**
 * authorize → load → decide → plan and write every change, recording each row's before-image
 * so that a rebase can take the mutation's effects back out. Shared by the first run and every
 * re-run during a rebase; joins the caller's transaction.
 */
export function applyMutation(
  replica: Replica,
  def: AnyMutation,
  input: unknown,
  ctx: MutationContext,
  mutationId: number,
): AppliedMutation {
  authorize(def, ctx);
  const store = replica.store();
  const spec = def.load(input as never, ctx); // input passed validateInput for def
  const state = resolveReadsSync(spec, store, ctx);
  const decision = runDecide(def, input, state, ctx);
  const tables = new Set<TableName>();
  decision.changes.forEach((change, seq) => {
    const rowId = changedRowId(change);
    const existing = rowId === null ? null : store.get(change.table, rowId);
    const planned = planChange(change, existing, ctx);
    replica.outbox.recordUndo(mutationId, seq, { table: planned.table, rowId: planned.id, before: existing });
    store.put(planned.table, planned.after);
    tables.add(planned.table);
  });
  return { result: { ...decision.result }, tables, reads: readFootprint(spec) };
}

export interface LocalMutationResult extends AppliedMutation {
  readonly mutationId: number;
}

/** Where time and fresh ids come from; injected so that tests control them. */
export interface RunnerEnv {
  readonly wallNow: () => number;
  readonly freshId: () => string;
}

/**
 * Runs a named mutation optimistically on the replica and queues it for the server: one
 * synchronous better-sqlite3 transaction (no await), so the data, the sequence numbers, the clock
 * and the outbox row commit together or not at all. A DomainError rolls everything back and
 * reaches the caller unchanged.
 */
export function runLocalMutation(
  replica: Replica,
  actor: ActorProfile | null,
  name: string,
  args: unknown,
  { wallNow, freshId }: RunnerEnv,
): LocalMutationResult {
  const identity: DeviceIdentity = replica.requireIdentity();
  if (!actor) throw new DomainError('unauthenticated', 'sign in to make changes');
  if (actor.role === 'viewer') throw new DomainError('forbidden', 'viewers cannot make changes');
  const def = mutationByName(name);
  const input = validateInput(def, args);
  return replica.db
    .transaction(() => {
      const now = new Date(wallNow()).toISOString();
      const hlc = replica.hlcForNewMutation(identity, wallNow);
      const recording = recordingEnv(now, freshId, (series) => replica.takeSequence(series));
      const ctx = buildMutationContext(identity, actor, { now, hlc, env: recording.source });
      const mutationId = replica.outbox.takeMutationId();
      const applied = applyMutation(replica, def, input, ctx, mutationId);
      replica.outbox.append(
        {
          mutationId,
          name: def.name,
          args: input,
          hlc,
          env: recording.env,
          actorId: actor.userId,
          baseVersion: replica.cursor(),
          createdAt: now,
          localError: null,
        },
        applied.reads,
      );
      return { ...applied, mutationId };
    })
    .immediate();
}
