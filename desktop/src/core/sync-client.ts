import {
  DomainError,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type PullRequest,
  type PullResponse,
  type PushedMutation,
  type PushResponse,
  type SnapshotCursor,
} from '@forecourt/shared';
import type { SyncStatus } from './counter-api.ts';
import type { Logger } from './logger.ts';
import { backoffDelay, OneShotTimer, type Timers } from './sync/backoff.ts';
import { LiveChannel, type LiveSocketConstructor } from './sync/live-channel.ts';
import { ServerError, type ServerApi } from './sync/server-api.ts';

/** What the sync client needs from the replica; every call is synchronous and short. */
export interface SyncReplicaPort {
  clientId(): string;
  /** Pending mutations with an id above `afterId`, in id order, as they are pushed. */
  pendingBatch(afterId: number, limit: number): PushedMutation[];
  smallestPendingId(): number | null;
  pullPosition(): { cursor: number; snapshot: SnapshotCursor | null };
  /** Rebases onto one pull page in one transaction (and tells the UI). */
  applyPull(response: PullResponse): void;
  receiveServerHlc(hlc: string): void;
  recordSyncedAt(at: string): void;
}

export interface SyncAuth {
  /** `Device <id>.<secret>`, or null when the device holds no credential. */
  device(): string | null;
  /** The signed-in user's access token (refreshed when about to expire), or null. */
  userToken(): Promise<string | null>;
  /** After a 401 with the user token: a refreshed token, or null to push with the device alone. */
  userTokenRejected(): Promise<string | null>;
}

export type SyncState = Pick<SyncStatus, 'online' | 'phase' | 'lastError' | 'lastSyncAt'>;

export interface SyncTuning {
  readonly batchSize: number;
  /**
   * Changes per pull page. A page is applied in one synchronous transaction: small enough pages
   * keep the event loop free (issue #3: no block over 50 ms while a long outbox drains).
   */
  readonly pullLimit: number;
  /**
   * Rows per snapshot page (a first sync). Larger: a snapshot page carries rows only, no pending
   * mutations are re-run, and the derived tables wait for the snapshot's end (derived-data.ts):
   * 3,500 rows are applied in at most ~30 ms (the widest tables), few enough round trips that
   * they stop dominating (docs/performance.md, "Bootstrap").
   */
  readonly snapshotPullLimit: number;
  readonly periodicPullMs: number;
  readonly pushDebounceMs: number;
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  batchSize: 200,
  pullLimit: 100,
  snapshotPullLimit: 3500,
  periodicPullMs: 30_000,
  pushDebounceMs: 50,
};

export interface SyncClientDeps {
  readonly api: Pick<ServerApi, 'push' | 'pull' | 'liveUrl'>;
  readonly replica: SyncReplicaPort;
  readonly auth: SyncAuth;
  readonly timers: Timers;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  /** Without one there is no live channel; the periodic pull still runs. */
  readonly WebSocket: LiveSocketConstructor | null;
  /** Work after each successful cycle (file uploads); must not throw. */
  readonly afterCycle?: () => Promise<void>;
  readonly onChange: () => void;
  readonly tuning?: Partial<SyncTuning>;
}

/** Push/pull rounds per cycle: local writes made during a round are sent in the next. */
const MAX_ROUNDS = 5;

/**
 * Pushes the outbox and pulls the server's changes: on a timer (periodic pull, backoff after a
 * failure), shortly after each local write, on every live poke, and on demand (syncNow). One
 * cycle runs at a time. A protocol mismatch stops syncing until the app is updated.
 */
export class SyncClient {
  readonly #deps: SyncClientDeps;
  readonly #tuning: SyncTuning;
  readonly #timer: OneShotTimer;
  readonly #live: LiveChannel | null;
  #queue: Promise<unknown> = Promise.resolve();
  #state: SyncState;
  #started = false;
  #halted = false;
  #failures = 0;
  #reachable = false;

  constructor(deps: SyncClientDeps, lastSyncAt: string | null) {
    this.#deps = deps;
    this.#tuning = { ...DEFAULT_SYNC_TUNING, ...deps.tuning };
    this.#state = { online: false, phase: 'idle', lastError: null, lastSyncAt };
    this.#timer = new OneShotTimer(deps.timers, deps.clock, () => this.#onTimer());
    this.#live = deps.WebSocket ? this.#createLiveChannel(deps.WebSocket) : null;
  }

  state(): SyncState {
    return this.#state;
  }

  get running(): boolean {
    return this.#started;
  }

  start(): void {
    if (this.#started || this.#halted) return;
    this.#started = true;
    this.#update({ phase: 'idle' });
    this.#timer.schedule(0);
    this.#live?.start();
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#timer.cancel();
    this.#live?.stop();
    await this.#queue;
    this.#update({ phase: 'stopped' });
  }

  /** A local mutation was queued: push it soon, unless the server is failing (then backoff decides). */
  notifyLocalWrite(): void {
    if (!this.#started || this.#halted || this.#failures > 0) return;
    this.#timer.schedule(this.#tuning.pushDebounceMs);
  }

  /** Pushes and pulls until caught up or the server fails; resolves with the resulting state. */
  async syncNow(): Promise<SyncState> {
    if (!this.#halted) await this.#exclusive(() => this.#cycle());
    return this.#state;
  }

  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #onTimer(): void {
    void this.#exclusive(() => this.#cycle()).then((succeeded) => {
      if (!this.#started || this.#halted) return;
      this.#timer.schedule(succeeded ? this.#tuning.periodicPullMs : backoffDelay(this.#failures, this.#deps.random));
    });
  }

  /** Never throws: a failure is recorded in the state and decides the next delay. */
  async #cycle(): Promise<boolean> {
    if (this.#halted) return false;
    try {
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        let serverLast = 0;
        let refused: ServerError | null = null;
        try {
          serverLast = await this.#pushAll();
        } catch (error) {
          // The company's plan lapsed past its grace period: the server refuses whole pushes (402)
          // and applies nothing. The outbox stays as it is, this PC still pulls (read-only), and
          // the refusal ends the cycle like any failure: shown, then retried with backoff.
          if (!(error instanceof ServerError) || error.code !== 'payment-required') throw error;
          refused = error;
        }
        await this.#pullAll();
        if (refused) throw refused;
        if (this.#deps.replica.pendingBatch(serverLast, 1).length === 0) break;
      }
      // After the push: the metadata of new files is on the server before their bytes follow.
      await this.#deps.afterCycle?.();
      this.#succeeded();
      return true;
    } catch (error) {
      this.#failed(error);
      return false;
    } finally {
      this.#update({ phase: this.#halted ? 'stopped' : 'idle' });
    }
  }

  /** Pushes every pending mutation in batches; returns the server's last mutation id. */
  async #pushAll(): Promise<number> {
    const { replica } = this.#deps;
    let after = 0;
    let serverLast = 0;
    for (;;) {
      const batch = replica.pendingBatch(after, this.#tuning.batchSize);
      const first = batch[0];
      const last = batch[batch.length - 1];
      if (!first || !last) return serverLast;
      this.#update({ phase: 'pushing' });
      const response = await this.#push(batch);
      this.#reachable = true;
      replica.receiveServerHlc(response.serverHlc);
      serverLast = response.lastMutationId;
      if (serverLast < first.id - 1) {
        // Mutations the server never saw were dropped here: nothing can resend them.
        throw new DomainError(
          'conflict',
          `the server has no record of mutations ${serverLast + 1} to ${first.id - 1} of this counter`,
        );
      }
      // Stopped part-way: the next cycle resends from there.
      if (response.stoppedAt !== undefined || serverLast < last.id) return serverLast;
      after = last.id;
    }
  }

  async #push(mutations: PushedMutation[]): Promise<PushResponse> {
    const request = { clientId: this.#deps.replica.clientId(), mutations };
    const device = this.#requireDevice();
    const token = await this.#deps.auth.userToken();
    try {
      return await this.#deps.api.push(request, { device, userToken: token });
    } catch (error) {
      if (!(error instanceof ServerError) || error.failure !== 'unauthorized' || token === null) throw error;
      const refreshed = await this.#deps.auth.userTokenRejected();
      return this.#deps.api.push(request, { device, userToken: refreshed });
    }
  }

  /**
   * Pulls page after page until caught up. While one page is applied (synchronous SQLite work),
   * the next is already requested when it can be known in advance, so that the server prepares
   * it meanwhile (docs/performance.md); a guess that no longer matches after the apply is
   * dropped and the real request sent, so the prefetch never changes what is pulled.
   */
  async #pullAll(): Promise<void> {
    const { replica } = this.#deps;
    let prefetched: { request: PullRequest; response: Promise<PullResponse> } | null = null;
    for (;;) {
      const position = replica.pullPosition();
      const bootstrapping = position.cursor === 0 || position.snapshot !== null;
      this.#update({ phase: bootstrapping ? 'bootstrapping' : 'pulling' });
      const request = pullRequest(
        replica.clientId(),
        position.cursor,
        position.snapshot,
        replica.smallestPendingId(),
        bootstrapping ? this.#tuning.snapshotPullLimit : this.#tuning.pullLimit,
      );
      const reuse = prefetched !== null && samePull(prefetched.request, request);
      const response: PullResponse = await (reuse && prefetched ? prefetched.response : this.#pull(request));
      prefetched = null;
      this.#reachable = true;
      const next: PullRequest | null = response.hasMore ? predictNextPull(request, response) : null;
      if (next) prefetched = { request: next, response: this.#pull(next) };
      replica.applyPull(response);
      if (!response.hasMore) return;
      const after = replica.pullPosition();
      if (after.cursor === position.cursor && JSON.stringify(after.snapshot) === JSON.stringify(position.snapshot)) {
        throw new DomainError('unavailable', 'the server keeps answering "more" without moving on');
      }
    }
  }

  #pull(request: PullRequest): Promise<PullResponse> {
    const response = this.#deps.api.pull(request, { device: this.#requireDevice() });
    // A prefetch that is dropped (or outlived by a failure) must not become an unhandled rejection;
    // whoever awaits it still sees the error.
    response.catch(() => undefined);
    return response;
  }

  #requireDevice(): string {
    const device = this.#deps.auth.device();
    if (!device) throw new DomainError('unauthenticated', 'this device holds no credential; enrol it again');
    return device;
  }

  #succeeded(): void {
    const at = new Date(this.#deps.clock()).toISOString();
    this.#failures = 0;
    this.#reachable = true;
    this.#deps.replica.recordSyncedAt(at);
    this.#update({ lastError: null, lastSyncAt: at });
  }

  #failed(error: unknown): void {
    this.#failures += 1;
    const at = new Date(this.#deps.clock()).toISOString();
    if (error instanceof ServerError) {
      // "Online" means the server answered: a refusal (4xx) still proves it is reachable.
      this.#reachable = !error.transient;
      if (error.failure === 'protocol-mismatch') this.#halt();
      const code = error.failure === 'protocol-mismatch' ? 'protocol-mismatch' : error.code;
      this.#deps.logger.warn(
        { failure: error.failure, status: error.status, code, failures: this.#failures },
        'sync failed',
      );
      this.#update({ lastError: { code, message: error.message, at } });
    } else if (error instanceof DomainError) {
      this.#deps.logger.warn({ code: error.code, failures: this.#failures }, 'sync stopped');
      this.#update({ lastError: { code: error.code, message: error.message, at } });
    } else {
      this.#deps.logger.error({ err: error }, 'sync failed unexpectedly');
      this.#update({ lastError: { code: 'internal', message: 'sync failed unexpectedly; see the log', at } });
    }
  }

  #halt(): void {
    this.#halted = true;
    this.#timer.cancel();
    this.#live?.stop();
    this.#update({ phase: 'stopped' });
  }

  #createLiveChannel(WebSocket: LiveSocketConstructor): LiveChannel {
    return new LiveChannel({
      url: this.#deps.api.liveUrl(),
      headers: () => {
        const device = this.#deps.auth.device();
        return device ? { authorization: device, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } : null;
      },
      WebSocket,
      timers: this.#deps.timers,
      clock: this.#deps.clock,
      random: this.#deps.random,
      logger: this.#deps.logger,
      onVersion: (version) => {
        if (this.#started && version > this.#deps.replica.pullPosition().cursor) this.#timer.schedule(0);
      },
      onOpenChange: () => this.#update({}),
      onProtocolMismatch: () => {
        this.#halt();
        const at = new Date(this.#deps.clock()).toISOString();
        this.#update({
          lastError: { code: 'protocol-mismatch', message: 'the server speaks another protocol version', at },
        });
      },
    });
  }

  /** Applies a change to the state and tells the core when anything visible changed. */
  #update(change: Partial<SyncState>): void {
    const next: SyncState = { ...this.#state, ...change, online: this.#reachable || (this.#live?.open ?? false) };
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    this.#deps.onChange();
  }
}

/**
 * The request that will follow a page with more to come, when it does not depend on how the page
 * is applied: the next snapshot page, or the change log from the page's checkpoint. Null when the
 * replica decides (the page that ends a snapshot).
 */
function predictNextPull(request: PullRequest, response: PullResponse): PullRequest | null {
  const pendingFrom = request.pendingFrom ?? null;
  const limit = request.limit ?? null;
  if (response.snapshot) return pullRequest(request.clientId, request.cursor, response.snapshot, pendingFrom, limit);
  if (request.snapshot || request.cursor === 0) return null;
  // A page that settles mutations moves pendingFrom past them (pending ids are consecutive); when
  // nothing is left pending the guess misses and the real request is sent instead.
  const settled = response.lastMutationId;
  const next = settled !== null && pendingFrom !== null && settled >= pendingFrom ? settled + 1 : pendingFrom;
  return pullRequest(request.clientId, response.checkpoint, null, next, limit);
}

function pullRequest(
  clientId: string,
  cursor: number,
  snapshot: SnapshotCursor | null,
  pendingFrom: number | null,
  limit: number | null,
): PullRequest {
  return {
    clientId,
    cursor,
    ...(snapshot ? { snapshot } : {}),
    ...(pendingFrom !== null ? { pendingFrom } : {}),
    ...(limit !== null ? { limit } : {}),
    // Snapshot rows as row blocks: half the bytes to receive and parse (protocol.ts RowBlock).
    rowBlocks: true,
  };
}

function samePull(a: PullRequest, b: PullRequest): boolean {
  return (
    a.clientId === b.clientId &&
    a.cursor === b.cursor &&
    a.pendingFrom === b.pendingFrom &&
    a.limit === b.limit &&
    a.rowBlocks === b.rowBlocks &&
    JSON.stringify(a.snapshot ?? null) === JSON.stringify(b.snapshot ?? null)
  );
}
