import type Database from 'better-sqlite3';
import type { Row, Scalar, TableName } from '@forecourt/shared';

/**
 * What the counter core offers to everything above it: the Electron main process (over a
 * utilityProcess channel), the browser-mode HTTP/WebSocket server, the headless
 * `forecourt-device` CLI and the tests. One interface, so that every front end sees the same core.
 */
export interface SyncStatus {
  /** True while the last request to the server succeeded (or the live channel is open). */
  readonly online: boolean;
  readonly phase: 'idle' | 'pushing' | 'pulling' | 'bootstrapping' | 'stopped';
  readonly pendingCount: number;
  /** Creation time (ISO) of the oldest mutation not yet confirmed, or null. */
  readonly oldestPendingAt: string | null;
  readonly lastSyncAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  /** Last change-log version applied. */
  readonly cursor: number;
  /** Snapshots (full downloads) this replica has started: 1 after its first sync, more after a full re-sync. */
  readonly snapshots: number;
  readonly rejections: readonly RejectionView[];
}

export interface RejectionView {
  readonly mutationId: number;
  readonly name: string;
  readonly args: unknown;
  readonly actorId: string;
  readonly code: string;
  readonly message: string;
  readonly createdAt: string;
  readonly rejectedAt: string;
}

export interface PendingMutationView {
  readonly mutationId: number;
  readonly name: string;
  readonly args: unknown;
  readonly actorId: string;
  readonly createdAt: string;
  /** Set when the mutation no longer passes its rules locally after a rebase; the server decides. */
  readonly localError: string | null;
}

export interface DeviceIdentity {
  readonly deviceId: string;
  readonly deviceCode: string;
  readonly tenantId: string;
  readonly siteId: string | null;
  readonly scope: 'site' | 'tenant';
  readonly serverUrl: string;
}

export interface SessionUser {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: 'owner' | 'manager' | 'staff' | 'viewer';
  readonly siteIds: readonly string[];
  /** True when signed in offline with a PIN (no server token yet). */
  readonly offline: boolean;
}

export interface QueryOptions {
  readonly where?: Readonly<Record<string, Scalar>>;
  readonly orderBy?: string;
  readonly descending?: boolean;
  readonly limit?: number;
  readonly includeDeleted?: boolean;
}

export type CoreEvent =
  | { readonly type: 'status'; readonly status: SyncStatus }
  /** Rows changed (local mutation or applied pull): the UI re-reads what it shows. */
  | { readonly type: 'data'; readonly tables: readonly TableName[] }
  | { readonly type: 'session'; readonly user: SessionUser | null };

export interface BlobInput {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly ownerTable?: string | null;
  readonly ownerId?: string | null;
  readonly role?: string | null;
  /** A photo's thumbnail (a small JPEG the screen made): stored as its own blob, named on the photo's row. */
  readonly thumbnail?: { readonly bytes: Uint8Array; readonly contentType: string } | null;
}

export interface CounterApi {
  identity(): DeviceIdentity | null;
  enrol(input: { serverUrl: string; code: string; name: string }): Promise<DeviceIdentity>;
  login(input: { email: string; password: string }): Promise<SessionUser>;
  /** Offline sign-in for a user who signed in online on this PC before and set a PIN. */
  loginWithPin(input: { email: string; pin: string }): SessionUser;
  setPin(pin: string): void;
  logout(): Promise<void>;
  currentUser(): SessionUser | null;
  /** Runs a named mutation locally (never needs the server) and queues it for push. */
  mutate(name: string, args: unknown): Record<string, unknown>;
  /**
   * Keeps a file (photo, signature, PDF) on this PC and registers it by its sha256; its bytes
   * upload after the next push. Works offline.
   */
  putBlob(input: BlobInput): { sha256: string; thumbnailSha256: string | null };
  /** A file by its sha256: from this PC, else downloaded from the server and kept (null: unknown). */
  readBlob(sha256: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /**
   * A photo's thumbnail, as `readBlob` reads files, with its own sha256; null when the photo has
   * none (taken before thumbnails, or not a photo) or it cannot be had.
   */
  readThumbnail(sha256: string): Promise<{ sha256: string; bytes: Uint8Array; contentType: string } | null>;
  query(table: TableName, options?: QueryOptions): Row[];
  get(table: TableName, id: string): Row | null;
  /**
   * Runs a read over the replica's own connection for the figures (dashboards, exports) that
   * aggregate in SQL. The callback only reads; writes go through `mutate`.
   */
  readReplica<T>(read: (db: Database.Database) => T): T;
  status(): SyncStatus;
  pending(): PendingMutationView[];
  dismissRejection(mutationId: number): void;
  /** Push and pull until caught up (or the server is unreachable); resolves with the status. */
  syncNow(): Promise<SyncStatus>;
  /** Starts the timer-driven push/pull and the live channel. */
  startSync(): void;
  stopSync(): Promise<void>;
  subscribe(listener: (event: CoreEvent) => void): () => void;
  close(): Promise<void>;
}
