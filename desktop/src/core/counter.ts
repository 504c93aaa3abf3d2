import type Database from 'better-sqlite3';
import WebSocket from 'ws';
import { DomainError, isTableName, uuidv7, type Row, type TableName } from '@forecourt/shared';
import { MetaSecretStore, type SecretStore } from './auth/secret-store.ts';
import { SessionManager } from './auth/session.ts';
import { TokenKeeper } from './auth/tokens.ts';
import type {
  BlobInput,
  CoreEvent,
  CounterApi,
  DeviceIdentity,
  PendingMutationView,
  QueryOptions,
  SessionUser,
  SyncStatus,
} from './counter-api.ts';
import { BlobStore } from './blobs/blob-store.ts';
import { downloadBlob, uploadPendingBlobs, type BlobServer } from './blobs/blob-transfer.ts';
import { prefetchThumbnails } from './blobs/thumbnail-prefetch.ts';
import { MAX_THUMBNAIL_BYTES, THUMBNAIL_ROLE } from '@forecourt/shared/domain/blobs/mutations';
import { createCounterSync, deviceAuthorization, serverApiFor } from './counter-sync.ts';
import { defaultLogger, type Logger } from './logger.ts';
import { runLocalMutation } from './mutation-runner.ts';
import { META } from './replica/meta.ts';
import { openReplica } from './replica/open-replica.ts';
import { Replica } from './replica/replica.ts';
import type { SyncClient, SyncTuning } from './sync-client.ts';
import { systemTimers, type Timers } from './sync/backoff.ts';
import type { LiveSocketConstructor } from './sync/live-channel.ts';
import { normaliseServerUrl, ServerError, type FetchLike } from './sync/server-api.ts';

export interface OpenCounterOptions {
  /** The folder holding the replica (created if missing). */
  readonly dataDir: string;
  readonly fetch?: FetchLike;
  /** Wall clock in epoch milliseconds. */
  readonly clock?: () => number;
  readonly logger?: Logger;
  /** The live channel's WebSocket (default: `ws`); null turns the live channel off. */
  readonly WebSocket?: LiveSocketConstructor | null;
  readonly timers?: Timers;
  /** Jitter source for backoff. */
  readonly random?: () => number;
  /** Where the device secret and user tokens live (default: the replica's meta table). */
  readonly secretStore?: SecretStore;
  readonly migrationsDir?: string;
  readonly syncTuning?: Partial<SyncTuning>;
}

interface CoreDeps {
  readonly dataDir: string;
  readonly fetch: FetchLike;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly WebSocket: LiveSocketConstructor | null;
  readonly timers: Timers;
  readonly random: () => number;
  readonly syncTuning: Partial<SyncTuning> | undefined;
}

/** Opens the replica in `dataDir` and returns the counter core on it. */
export function openCounter(options: OpenCounterOptions): CounterCore {
  const logger = options.logger ?? defaultLogger();
  const db = openReplica(options.dataDir, {
    logger,
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
  });
  const replica = new Replica(db);
  const deps: CoreDeps = {
    dataDir: options.dataDir,
    fetch: options.fetch ?? globalThis.fetch,
    clock: options.clock ?? Date.now,
    logger,
    WebSocket: options.WebSocket === undefined ? WebSocket : options.WebSocket,
    timers: options.timers ?? systemTimers,
    random: options.random ?? Math.random,
    syncTuning: options.syncTuning,
  };
  return new CounterCore(replica, options.secretStore ?? new MetaSecretStore(replica.meta), deps);
}

/**
 * The counter core (DESIGN §2): the replica, local mutations, the outbox, sign-in and the sync
 * client behind one CounterApi. Plain Node: the Electron main process, the browser-mode server,
 * the CLI and the tests all drive this same class.
 */
export class CounterCore implements CounterApi {
  readonly #replica: Replica;
  readonly #secrets: SecretStore;
  readonly #deps: CoreDeps;
  readonly #tokens: TokenKeeper;
  readonly #session: SessionManager;
  readonly #listeners = new Set<(event: CoreEvent) => void>();
  #sync: SyncClient | null = null;
  readonly #blobs: BlobStore;
  /** Thumbnails the server did not have yet, and when to ask again (thumbnail-prefetch.ts). */
  readonly #thumbnailMisses = new Map<string, number>();
  #lastStatus = '';
  #closed = false;

  constructor(replica: Replica, secrets: SecretStore, deps: CoreDeps) {
    this.#replica = replica;
    this.#secrets = secrets;
    this.#deps = deps;
    this.#blobs = new BlobStore(deps.dataDir, replica.db);
    this.#tokens = new TokenKeeper({
      secrets,
      clock: deps.clock,
      logger: deps.logger,
      refresh: (refreshToken) => {
        const { api, device } = this.#server();
        return api.refresh(refreshToken, { device });
      },
      onRefreshed: (result) => this.#session.applyRefreshedUser(result),
    });
    this.#session = new SessionManager({
      replica,
      tokens: this.#tokens,
      clock: deps.clock,
      logger: deps.logger,
      server: () => this.#server(),
      onChange: (user) => this.#emit({ type: 'session', user }),
    });
  }

  identity(): DeviceIdentity | null {
    return this.#replica.identity();
  }

  async enrol(input: { serverUrl: string; code: string; name: string }): Promise<DeviceIdentity> {
    if (this.identity()) throw new DomainError('conflict', 'this counter is already enrolled');
    const serverUrl = normaliseServerUrl(input.serverUrl);
    let enrolled;
    try {
      enrolled = await serverApiFor(serverUrl, this.#deps.fetch).enrol({
        code: input.code.trim(),
        name: input.name.trim(),
      });
    } catch (error) {
      throw error instanceof ServerError ? error.toDomainError() : error;
    }
    // Only the identity's own fields: the server may add others (its version) to the answer.
    const { deviceId, deviceCode, tenantId, siteId, scope } = enrolled;
    const identity: DeviceIdentity = { deviceId, deviceCode, tenantId, siteId, scope, serverUrl };
    this.#replica.db.transaction(() => {
      this.#replica.saveIdentity(identity);
      this.#replica.meta.set(META.clientId, uuidv7(this.#deps.clock()));
    })();
    this.#secrets.set('device-secret', enrolled.deviceSecret);
    this.#deps.logger.info({ deviceId: identity.deviceId, scope: identity.scope }, 'counter enrolled');
    this.#emitStatus();
    return identity;
  }

  login(input: { email: string; password: string }): Promise<SessionUser> {
    return this.#session.login(input);
  }

  loginWithPin(input: { email: string; pin: string }): SessionUser {
    return this.#session.loginWithPin(input);
  }

  setPin(pin: string): void {
    this.#session.setPin(pin);
  }

  logout(): Promise<void> {
    return this.#session.logout();
  }

  currentUser(): SessionUser | null {
    return this.#session.current();
  }

  mutate(name: string, args: unknown): Record<string, unknown> {
    const clock = this.#deps.clock;
    const outcome = runLocalMutation(this.#replica, this.#session.currentActor(), name, args, {
      wallNow: clock,
      freshId: () => uuidv7(clock()),
    });
    this.#emit({ type: 'data', tables: [...outcome.tables] });
    this.#emitStatus();
    this.#sync?.notifyLocalWrite();
    return outcome.result;
  }

  query(table: TableName, options: QueryOptions = {}): Row[] {
    if (!isTableName(table)) throw new DomainError('invalid', `unknown table ${String(table)}`);
    return this.#replica.store().find(table, options.where ?? {}, {
      orderBy: options.orderBy,
      descending: options.descending,
      limit: options.limit,
      includeDeleted: options.includeDeleted,
    });
  }

  get(table: TableName, id: string): Row | null {
    if (!isTableName(table)) throw new DomainError('invalid', `unknown table ${String(table)}`);
    return this.#replica.store().get(table, id);
  }

  readReplica<T>(read: (db: Database.Database) => T): T {
    return read(this.#replica.db);
  }

  status(): SyncStatus {
    const sync = this.#sync?.state() ?? {
      online: false,
      phase: 'idle' as const,
      lastError: null,
      lastSyncAt: this.#replica.meta.get(META.lastSyncAt),
    };
    const stats = this.#replica.outbox.stats();
    return {
      ...sync,
      pendingCount: stats.count,
      oldestPendingAt: stats.oldestCreatedAt,
      cursor: this.#replica.cursor(),
      snapshots: this.#replica.snapshotsStarted(),
      rejections: this.#replica.outbox.rejections(),
    };
  }

  pending(): PendingMutationView[] {
    return this.#replica.outbox.views();
  }

  dismissRejection(mutationId: number): void {
    const at = new Date(this.#deps.clock()).toISOString();
    if (!this.#replica.outbox.dismissRejection(mutationId, at)) throw new DomainError('not-found', 'no such rejection');
    this.#emitStatus();
  }

  async syncNow(): Promise<SyncStatus> {
    await this.#syncClient().syncNow();
    return this.status();
  }

  putBlob(input: BlobInput): { sha256: string; thumbnailSha256: string | null } {
    const now = new Date(this.#deps.clock()).toISOString();
    const thumb = input.thumbnail ?? null;
    // Checked before anything is stored, so a refused thumbnail leaves no file behind.
    if (thumb && !input.contentType.startsWith('image/'))
      throw new DomainError('invalid', 'only a photo has a thumbnail');
    if (thumb && thumb.bytes.length > MAX_THUMBNAIL_BYTES)
      throw new DomainError('invalid', 'the thumbnail is larger than 512 KB');
    const sha256 = this.#blobs.put(input.bytes, input.contentType, now);
    // The thumbnail first (stored, registered, uploaded ahead of the photo), then the photo that names it.
    let thumbnailSha256: string | null = null;
    if (thumb) {
      thumbnailSha256 = this.#blobs.put(thumb.bytes, thumb.contentType, now, { priority: 0 });
      this.mutate('blob.register', {
        sha256: thumbnailSha256,
        contentType: thumb.contentType,
        byteSize: thumb.bytes.length,
        ownerTable: 'blobs',
        ownerId: sha256,
        role: THUMBNAIL_ROLE,
      });
    }
    // The metadata row syncs like any row; the bytes go after the next push (#uploadBlobs).
    const result = this.mutate('blob.register', {
      sha256,
      contentType: input.contentType,
      byteSize: input.bytes.length,
      ownerTable: input.ownerTable ?? null,
      ownerId: input.ownerId ?? null,
      role: input.role ?? null,
      ...(thumbnailSha256 ? { thumbnailSha256 } : {}),
    });
    // The same photo stored before with a thumbnail keeps that one.
    return { sha256, thumbnailSha256: typeof result.thumbnailSha256 === 'string' ? result.thumbnailSha256 : null };
  }

  async readThumbnail(sha256: string): Promise<{ sha256: string; bytes: Uint8Array; contentType: string } | null> {
    const thumb = this.#replica.store().get('blobs', sha256)?.thumbnail_sha256;
    if (typeof thumb !== 'string') return null;
    // Not here and the server out of reach: null, so the caller can still show the photo if it is here.
    const blob = await this.readBlob(thumb).catch((error: unknown) => {
      if (error instanceof Error) return null;
      throw error;
    });
    return blob ? { sha256: thumb, ...blob } : null;
  }

  async readBlob(sha256: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const meta = this.#replica.store().get('blobs', sha256);
    const contentType = typeof meta?.content_type === 'string' ? meta.content_type : null;
    const local = this.#blobs.read(sha256);
    if (local) return { bytes: local, contentType: contentType ?? 'application/octet-stream' };
    if (!contentType) return null;
    const now = new Date(this.#deps.clock()).toISOString();
    const bytes = await downloadBlob(this.#blobs, this.#blobServer(), sha256, contentType, now);
    return bytes ? { bytes, contentType } : null;
  }

  /** After each sync cycle: this counter's files up (thumbnails first), then recent thumbnails down. */
  async #afterCycle(): Promise<void> {
    await this.#uploadBlobs();
    if (!this.#replica.identity()) return;
    await prefetchThumbnails(
      this.#blobs,
      this.#blobServer(),
      this.#thumbnailMisses,
      this.#deps.clock(),
      this.#deps.logger,
    ).catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'thumbnail prefetch failed'));
  }

  /** Never throws: a file that fails stays pending with its error and goes on the next sync. */
  async #uploadBlobs(): Promise<void> {
    if (this.#blobs.pendingCount() === 0 || !this.#replica.identity()) return;
    await uploadPendingBlobs(
      this.#blobs,
      this.#blobServer(),
      (sha256) => {
        const type = this.#replica.store().get('blobs', sha256)?.content_type;
        return typeof type === 'string' ? type : null;
      },
      () => new Date(this.#deps.clock()).toISOString(),
      this.#deps.logger,
    ).catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'blob uploads failed'));
  }

  #blobServer(): BlobServer {
    const identity = this.#replica.requireIdentity();
    return {
      baseUrl: serverApiFor(identity.serverUrl, this.#deps.fetch).baseUrl,
      fetch: this.#deps.fetch,
      device: () => deviceAuthorization(this.#replica, this.#secrets),
    };
  }

  startSync(): void {
    this.#syncClient().start();
  }

  async stopSync(): Promise<void> {
    await this.#sync?.stop();
  }

  subscribe(listener: (event: CoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.stopSync();
    this.#listeners.clear();
    this.#replica.close();
  }

  #server() {
    const identity = this.#replica.requireIdentity();
    const device = deviceAuthorization(this.#replica, this.#secrets);
    if (!device) throw new DomainError('unauthenticated', 'this device holds no credential; enrol it again');
    return { api: serverApiFor(identity.serverUrl, this.#deps.fetch), device };
  }

  #syncClient(): SyncClient {
    if (this.#closed) throw new DomainError('unavailable', 'the counter is closed');
    if (this.#sync) return this.#sync;
    const identity = this.#replica.requireIdentity();
    this.#sync = createCounterSync({
      replica: this.#replica,
      api: serverApiFor(identity.serverUrl, this.#deps.fetch),
      secrets: this.#secrets,
      tokens: this.#tokens,
      session: this.#session,
      clock: this.#deps.clock,
      timers: this.#deps.timers,
      random: this.#deps.random,
      logger: this.#deps.logger,
      WebSocket: this.#deps.WebSocket,
      ...(this.#deps.syncTuning ? { tuning: this.#deps.syncTuning } : {}),
      onData: (tables) => {
        if (tables.includes('users')) this.#session.endIfDeactivated();
        this.#emit({ type: 'data', tables });
      },
      onStatus: () => this.#emitStatus(),
      afterCycle: () => this.#afterCycle(),
    });
    return this.#sync;
  }

  #emitStatus(): void {
    if (this.#listeners.size === 0 || this.#closed) return;
    const status = this.status();
    const serialised = JSON.stringify(status);
    if (serialised === this.#lastStatus) return;
    this.#lastStatus = serialised;
    this.#emit({ type: 'status', status });
  }

  #emit(event: CoreEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (a closed window) must not break the core or the other listeners.
        this.#deps.logger.error({ err: error, event: event.type }, 'core event listener failed');
      }
    }
  }
}
