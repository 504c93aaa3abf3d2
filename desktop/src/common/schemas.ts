import Type, { type Static, type TSchema } from 'typebox';
import type { Row } from '@forecourt/shared/schema/tables';

/**
 * TypeBox schemas of the values that cross the IPC and browser-mode boundary. They mirror the
 * types of the counter core (desktop/src/core/counter-api.ts); a type test in desktop/test checks
 * that both stay assignable, so a change to the core shows up here at compile time.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ApiErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
export type ApiErrorBody = Static<typeof ApiErrorBody>;

export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('staff'),
  Type.Literal('viewer'),
]);

export const DeviceIdentitySchema = Type.Object({
  deviceId: Type.String(),
  deviceCode: Type.String(),
  tenantId: Type.String(),
  siteId: Nullable(Type.String()),
  scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
  serverUrl: Type.String(),
});

export const SessionUserSchema = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  siteIds: Type.Immutable(Type.Array(Type.String())),
  offline: Type.Boolean(),
});

export const RejectionSchema = Type.Object({
  mutationId: Type.Integer(),
  name: Type.String(),
  args: Type.Unknown(),
  actorId: Type.String(),
  code: Type.String(),
  message: Type.String(),
  createdAt: Type.String(),
  rejectedAt: Type.String(),
});

export const PendingMutationSchema = Type.Object({
  mutationId: Type.Integer(),
  name: Type.String(),
  args: Type.Unknown(),
  actorId: Type.String(),
  createdAt: Type.String(),
  localError: Nullable(Type.String()),
});

export const SyncStatusSchema = Type.Object({
  online: Type.Boolean(),
  phase: Type.Union([
    Type.Literal('idle'),
    Type.Literal('pushing'),
    Type.Literal('pulling'),
    Type.Literal('bootstrapping'),
    Type.Literal('stopped'),
  ]),
  pendingCount: Type.Integer({ minimum: 0 }),
  oldestPendingAt: Nullable(Type.String()),
  lastSyncAt: Nullable(Type.String()),
  lastError: Nullable(Type.Object({ code: Type.String(), message: Type.String(), at: Type.String() })),
  cursor: Type.Integer({ minimum: 0 }),
  snapshots: Type.Integer({ minimum: 0 }),
  rejections: Type.Immutable(Type.Array(RejectionSchema)),
});

/** Table names are checked against the registry by the host; the schema only bounds the string. */
export const TableNameSchema = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z_]+$' });

export const ScalarSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const QueryOptionsSchema = Type.Object(
  {
    where: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z_]+$' }), ScalarSchema)),
    orderBy: Type.Optional(Type.String({ pattern: '^[a-z_]+$', maxLength: 40 })),
    descending: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    includeDeleted: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** A replicated row: its columns vary by table, so only the keys every row has are checked. */
export const RowSchema = Type.Unsafe<Row>(
  Type.Object({ id: Type.String(), tenant_id: Type.String() }, { additionalProperties: true }),
);

export const SearchHitSchema = Type.Object({
  kind: Type.Union([Type.Literal('customer'), Type.Literal('vehicle'), Type.Literal('job')]),
  id: Type.String(),
  siteId: Nullable(Type.String()),
  title: Type.String(),
  detail: Type.String(),
  /** Which field matched, for the hint next to the hit ("phone", "registration"...). */
  matched: Type.String(),
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const CoreEventSchema = Type.Union([
  Type.Object({ type: Type.Literal('status'), status: SyncStatusSchema }),
  Type.Object({ type: Type.Literal('data'), tables: Type.Immutable(Type.Array(Type.String())) }),
  Type.Object({ type: Type.Literal('session'), user: Nullable(SessionUserSchema) }),
]);
export type ApiEvent = Static<typeof CoreEventSchema>;

export const EnrolmentCodeSchema = Type.Object({
  code: Type.String(),
  expiresAt: Type.String(),
  siteId: Nullable(Type.String()),
  scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
});

export const AppInfoSchema = Type.Object({
  /** Where the UI runs: inside Electron, or a browser talking to the core over HTTP. */
  mode: Type.Union([Type.Literal('electron'), Type.Literal('browser')]),
  version: Type.String(),
  /** Browser mode on the LAN: the code a tablet must enter, shown only to local clients. */
  pairingCode: Nullable(Type.String()),
  lanUrl: Nullable(Type.String()),
  /** Prefilled enrolment (npm start passes the demo server and a code); null otherwise. */
  suggestedEnrolment: Nullable(Type.Object({ serverUrl: Type.String(), code: Type.String() })),
  /** Features the running core supports; the UI hides what is missing instead of faking it. */
  features: Type.Object({ enrolmentCodes: Type.Boolean(), printing: Type.Boolean() }),
});
export type AppInfo = Static<typeof AppInfoSchema>;
