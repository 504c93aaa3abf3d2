import Type, { type Static, type TSchema } from 'typebox';
import {
  AppInfoSchema,
  DeviceIdentitySchema,
  EnrolmentCodeSchema,
  Nullable,
  PendingMutationSchema,
  QueryOptionsSchema,
  RowSchema,
  SearchHitSchema,
  SessionUserSchema,
  SyncStatusSchema,
  TableNameSchema,
} from './schemas.ts';
import {
  FiltersSchema,
  ManagerDashboardSchema,
  OwnerDashboardSchema,
  WorkbookRequestSchema,
  WorkbookSchema,
} from './analytics-schemas.ts';
import {
  ApiKeySchema,
  CreatedApiKeySchema,
  EventsQuerySchema,
  IdInputSchema,
  NewApiKeySchema,
  OutboundCallSchema,
  PageQuerySchema,
  ProviderStatusSchema,
  WebhookEventSchema,
  pageOf,
} from './integrations-schemas.ts';
import { OWNER_ADMIN_CHANNELS } from './owner-admin-contract.ts';
import { COUNTER_PAYMENT_CHANNELS } from './counter-payments-contract.ts';
import { EV_LINK_CHANNELS } from './ev-link-schemas.ts';
import { TERMINAL_READER_CHANNELS } from './terminal-reader-schemas.ts';
import { BILLING_CHANNELS } from './billing-contract.ts';

/**
 * THE contract between the UI and the counter core: every channel `area:verb` with the schema of
 * its input and of its output. Electron's main process validates both sides of every IPC call
 * against it, the browser-mode server does the same for HTTP, the preload builds one function per
 * channel from it, and the renderer's `Api` type is derived from it. Adding a channel here is the
 * only way to add a call.
 */
const NoInput = Type.Null();
const Done = Type.Null();
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** A job's document by the job's id, a rental document by the contract's or reservation's id, or a credit note by its id. */
const DocumentRequest = Type.Union([
  Type.Object(
    { kind: Type.Union([Type.Literal('job-card'), Type.Literal('invoice')]), jobId: Text(64) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Union([Type.Literal('contract'), Type.Literal('rental-invoice'), Type.Literal('reservation')]),
      id: Text(64),
    },
    { additionalProperties: false },
  ),
  /** A garage credit note by its own id (the invoices row of kind credit_note). */
  Type.Object({ kind: Type.Literal('credit-note'), id: Text(64) }, { additionalProperties: false }),
]);

const channel = <I extends TSchema, O extends TSchema>(input: I, output: O) => ({ input, output });

export const CONTRACT = {
  'app:info': channel(NoInput, AppInfoSchema),
  /** Only http(s) links to hosts on the allow-list open; everything else is refused. */
  'app:openExternal': channel(Type.Object({ url: Text(2000) }, { additionalProperties: false }), Done),

  'device:identity': channel(NoInput, Nullable(DeviceIdentitySchema)),
  'device:enrol': channel(
    Type.Object({ serverUrl: Text(500), code: Text(64), name: Text(80) }, { additionalProperties: false }),
    DeviceIdentitySchema,
  ),

  'session:current': channel(NoInput, Nullable(SessionUserSchema)),
  'session:login': channel(
    Type.Object({ email: Text(254), password: Text(200) }, { additionalProperties: false }),
    SessionUserSchema,
  ),
  'session:loginWithPin': channel(
    Type.Object({ email: Text(254), pin: Type.String({ pattern: '^[0-9]{4,8}$' }) }, { additionalProperties: false }),
    SessionUserSchema,
  ),
  'session:setPin': channel(
    Type.Object({ pin: Type.String({ pattern: '^[0-9]{4,8}$' }) }, { additionalProperties: false }),
    Done,
  ),
  'session:logout': channel(NoInput, Done),

  /**
   * Runs a named mutation from the registry in shared/; the core checks the name and its input.
   * Areas may be camelCase (`jobLine.add`, `cannedJob.save`).
   */
  'data:mutate': channel(
    Type.Object(
      { name: Type.String({ pattern: '^[a-z][a-zA-Z]*\\.[a-zA-Z]+$', maxLength: 80 }), args: Type.Unknown() },
      {
        additionalProperties: false,
      },
    ),
    Type.Record(Type.String(), Type.Unknown()),
  ),
  'data:query': channel(
    Type.Object(
      { table: TableNameSchema, options: Type.Optional(QueryOptionsSchema) },
      { additionalProperties: false },
    ),
    Type.Array(RowSchema),
  ),
  'data:get': channel(
    Type.Object({ table: TableNameSchema, id: Text(64) }, { additionalProperties: false }),
    Nullable(RowSchema),
  ),
  /** Customer, phone, registration or job number, answered from the replica. */
  'data:search': channel(
    Type.Object(
      {
        text: Type.String({ maxLength: 100 }),
        siteId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
      },
      { additionalProperties: false },
    ),
    Type.Array(SearchHitSchema),
  ),

  'sync:status': channel(NoInput, SyncStatusSchema),
  'sync:pending': channel(NoInput, Type.Array(PendingMutationSchema)),
  'sync:dismissRejection': channel(
    Type.Object({ mutationId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    Done,
  ),
  'sync:now': channel(NoInput, SyncStatusSchema),

  /**
   * Keeps a file (photo, signature, PDF) on this PC and registers it by its sha256; the bytes
   * upload after the next sync (DESIGN §4.6). Base64 in, at most 15 MB of bytes.
   */
  'blobs:put': channel(
    Type.Object(
      {
        base64: Type.String({ minLength: 1, maxLength: 20_971_520 }),
        contentType: Type.Union([
          Type.Literal('image/jpeg'),
          Type.Literal('image/png'),
          Type.Literal('image/webp'),
          Type.Literal('application/pdf'),
        ]),
        ownerTable: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
        ownerId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
        role: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
        /** A photo's thumbnail (JPEG made by the screen, ≤ 512 KB): its own blob, named on the photo's row. */
        thumbnail: Type.Optional(
          Nullable(
            Type.Object(
              {
                base64: Type.String({ minLength: 1, maxLength: 700_000 }),
                contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
              },
              { additionalProperties: false },
            ),
          ),
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object({ sha256: Type.String(), thumbnailSha256: Type.Optional(Nullable(Type.String())) }),
  ),
  /**
   * A file by its sha256: from this PC, else fetched from the server and kept; null when unknown.
   * `thumbnail: true` answers the photo's thumbnail instead when it has one (`sha256` says which
   * file came), else the photo itself.
   */
  'blobs:read': channel(
    Type.Object(
      { sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }), thumbnail: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    Nullable(Type.Object({ contentType: Type.String(), base64: Type.String(), sha256: Type.Optional(Type.String()) })),
  ),

  /** A job's or a rental's document as a PDF, rendered from the replica (works offline). */
  'documents:render': channel(DocumentRequest, Type.Object({ fileName: Type.String(), pdfBase64: Type.String() })),
  /** Shows a document in a window with print and save (Electron) or a browser tab. */
  'app:showDocument': channel(DocumentRequest, Done),
  /**
   * Electron only: the system's save dialog for a file the core made (an export, a PDF), with its
   * name as the default, then writes the bytes; `path` is null when the user cancels. Browser
   * mode downloads the file instead.
   */
  'app:saveFile': channel(
    Type.Object(
      { fileName: Text(200), base64: Type.String({ maxLength: 70_000_000 }) },
      { additionalProperties: false },
    ),
    Type.Object({ path: Nullable(Type.String()) }),
  ),

  /** Asks the server for a one-time device enrolment code (owners and managers, online only). */
  'admin:createEnrolmentCode': channel(
    Type.Object(
      {
        siteId: Nullable(Type.String({ maxLength: 64 })),
        scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
      },
      { additionalProperties: false },
    ),
    EnrolmentCodeSchema,
  ),

  /**
   * The owner's dashboard from the replica (offline). Owners see every site; a manager gets
   * their own figures only (the core sets the manager filter to them); others are refused.
   */
  'analytics:dashboard': channel(FiltersSchema, OwnerDashboardSchema),
  /** A manager's own jobs, payments awaiting confirmation and cash not yet settled. */
  'analytics:managerDashboard': channel(FiltersSchema, ManagerDashboardSchema),
  /** Jobs, payments or settlements as an .xlsx, with the dashboard's filters (same role rules). */
  'exports:workbook': channel(WorkbookRequestSchema, WorkbookSchema),
  /** A renter's data (right of access) as JSON or PDF, from the replica; owners and managers only. */
  'rental:exportRenter': channel(
    Type.Object(
      { renterId: Text(64), format: Type.Union([Type.Literal('json'), Type.Literal('pdf')]) },
      { additionalProperties: false },
    ),
    Type.Object({ fileName: Type.String(), base64: Type.String() }),
  ),

  /**
   * The owner's integrations page (online only: the core calls the sync server with the
   * signed-in user's access token; offline they fail with `unavailable`).
   */
  'integrations:status': channel(NoInput, Type.Object({ providers: Type.Array(ProviderStatusSchema) })),
  'integrations:events': channel(EventsQuerySchema, pageOf(WebhookEventSchema)),
  'integrations:retryEvent': channel(IdInputSchema, Done),
  'integrations:calls': channel(PageQuerySchema, pageOf(OutboundCallSchema)),
  'integrations:retryCall': channel(IdInputSchema, Done),
  'integrations:apiKeys': channel(NoInput, Type.Array(ApiKeySchema)),
  /** The answer holds the key's secret: shown once, never stored on this PC. */
  'integrations:createApiKey': channel(NewApiKeySchema, CreatedApiKeySchema),
  'integrations:revokeApiKey': channel(IdInputSchema, Done),

  ...OWNER_ADMIN_CHANNELS,
  ...COUNTER_PAYMENT_CHANNELS,
  ...EV_LINK_CHANNELS,
  ...TERMINAL_READER_CHANNELS,
  ...BILLING_CHANNELS,
} as const;

export type Contract = typeof CONTRACT;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = Static<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Static<Contract[C]['output']>;

export const CHANNELS = Object.keys(CONTRACT) as Channel[]; // Object.keys loses the literal key type

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}

/** The one event stream from the core (sync status, changed tables, session). */
export const EVENT_CHANNEL = 'core:event';
