import Type, { type Static, type TSchema } from 'typebox';

/**
 * The sync wire protocol (DESIGN §4). Both ends send PROTOCOL_VERSION in the
 * `x-forecourt-protocol` header; the server answers a mismatch with 426 `protocol-mismatch` and the
 * client stops syncing until it is updated, rather than guessing.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-forecourt-protocol';

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });

export const MutationEnvSchema = Type.Object({
  now: Type.String(),
  ids: Type.Array(Type.String()),
  seqs: Type.Record(Type.String(), Type.Array(Type.Integer())),
});

export const PushedMutation = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 80 }),
  args: Type.Unknown(),
  hlc: Type.String({ maxLength: 100 }),
  env: MutationEnvSchema,
  /** The user who made it on the counter; the server checks that user, never trusts a role. */
  actorId: Type.String(),
  /** The change-log version the counter had pulled when the mutation was made (for conflicts). */
  baseVersion: Type.Integer({ minimum: 0 }),
});
export type PushedMutation = Static<typeof PushedMutation>;

export const PushRequest = Type.Object({
  clientId: Type.String({ maxLength: 64 }),
  mutations: Type.Array(PushedMutation, { maxItems: 1000 }),
});
export type PushRequest = Static<typeof PushRequest>;

export const MutationOutcome = Type.Object({
  id: Type.Integer(),
  status: Type.Union([Type.Literal('applied'), Type.Literal('rejected')]),
  error: Type.Optional(ErrorBody),
  clockClamped: Type.Optional(Type.Boolean()),
});
export type MutationOutcome = Static<typeof MutationOutcome>;

export const PushResponse = Type.Object({
  lastMutationId: Type.Integer(),
  outcomes: Type.Array(MutationOutcome),
  /** Set when the batch stopped at a gap (a mutation id the server has not seen the one before). */
  stoppedAt: Type.Optional(Type.Integer()),
  serverHlc: Type.String(),
});
export type PushResponse = Static<typeof PushResponse>;

export const SnapshotCursor = Type.Object({
  /** The change-log version the snapshot started at; the change log continues from it. */
  version: Type.Integer({ minimum: 0 }),
  table: Type.String(),
  afterId: Type.String(),
});
export type SnapshotCursor = Static<typeof SnapshotCursor>;

export const PullRequest = Type.Object({
  clientId: Type.String({ maxLength: 64 }),
  /** Last change-log version applied; 0 for a new replica (which gets a snapshot first). */
  cursor: Type.Integer({ minimum: 0 }),
  /** Present while a snapshot is being streamed page by page. */
  snapshot: Type.Optional(SnapshotCursor),
  /** Smallest mutation id still pending on the counter: the server returns outcomes from there. */
  pendingFrom: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50000 })),
  /**
   * The counter reads snapshot rows as row blocks (`PullResponse.blocks`). A server that does not
   * know this field ignores it and sends every row in `changes`, which the counter reads as well.
   */
  rowBlocks: Type.Optional(Type.Boolean()),
});
export type PullRequest = Static<typeof PullRequest>;

export const RowChange = Type.Object({
  table: Type.String(),
  op: Type.Union([Type.Literal('put'), Type.Literal('remove')]),
  id: Type.String(),
  row: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type RowChange = Static<typeof RowChange>;

/**
 * Whole rows of one table, each an array of values in `columns` order: a snapshot page's rows
 * without every column name repeated in every row, so half the bytes to send and to parse
 * (docs/performance.md, "Bootstrap"). A block's rows are puts, like `changes` with op 'put'.
 */
export const RowBlock = Type.Object({
  table: Type.String(),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.Unknown())),
});
export type RowBlock = Static<typeof RowBlock>;

export const PullResponse = Type.Object({
  /** Rows put by this page as row blocks (only when asked for, only on snapshot pages); applied before `changes`. */
  blocks: Type.Optional(Type.Array(RowBlock)),
  changes: Type.Array(RowChange),
  /** Apply `changes` whole, then store this as the cursor (unless a snapshot is still going). */
  checkpoint: Type.Integer(),
  snapshot: Type.Optional(Type.Union([SnapshotCursor, Type.Null()])),
  hasMore: Type.Boolean(),
  /** Only on the page that catches up: mutations up to here are in the server state sent. */
  lastMutationId: Type.Union([Type.Integer(), Type.Null()]),
  outcomes: Type.Array(MutationOutcome),
  serverHlc: Type.String(),
});
export type PullResponse = Static<typeof PullResponse>;

/** Messages on the live channel: a poke carries no data, it only says "pull". */
export const LiveMessage = Type.Union([
  Type.Object({ type: Type.Literal('hello'), protocol: Type.Integer(), version: Type.Integer() }),
  Type.Object({ type: Type.Literal('poke'), version: Type.Integer() }),
]);
export type LiveMessage = Static<typeof LiveMessage>;

/** The `/api/v1` envelope. */
export type Envelope<T> = { data: T; error: null } | { data: null; error: { code: string; message: string } };
export const envelopeOf = <T extends TSchema>(data: T) =>
  Type.Object({ data: Type.Union([data, Type.Null()]), error: Type.Union([ErrorBody, Type.Null()]) });
