import { uuidv7, type PushedMutation, type TableName } from '@forecourt/shared';
import type { SecretStore } from './auth/secret-store.ts';
import type { SessionManager } from './auth/session.ts';
import type { TokenKeeper } from './auth/tokens.ts';
import type { Logger } from './logger.ts';
import { applyPullResponse } from './rebase.ts';
import { META } from './replica/meta.ts';
import type { Replica } from './replica/replica.ts';
import { SyncClient, type SyncReplicaPort, type SyncTuning } from './sync-client.ts';
import type { Timers } from './sync/backoff.ts';
import type { LiveSocketConstructor } from './sync/live-channel.ts';
import { ServerApi, type FetchLike } from './sync/server-api.ts';

/** `Device <id>.<secret>` for this replica's enrolled device, or null before enrolment. */
export function deviceAuthorization(replica: Replica, secrets: SecretStore): string | null {
  const identity = replica.identity();
  const secret = secrets.get('device-secret');
  return identity && secret ? `Device ${identity.deviceId}.${secret}` : null;
}

/** The replica's sync client id, made once per replica: mutation ids count per client. */
export function clientIdOf(replica: Replica, clock: () => number): string {
  const existing = replica.meta.get(META.clientId);
  if (existing) return existing;
  const created = uuidv7(clock());
  replica.meta.set(META.clientId, created);
  return created;
}

export interface CounterSyncDeps {
  readonly replica: Replica;
  readonly api: ServerApi;
  readonly secrets: SecretStore;
  readonly tokens: TokenKeeper;
  readonly session: SessionManager;
  readonly clock: () => number;
  readonly timers: Timers;
  readonly random: () => number;
  readonly logger: Logger;
  readonly WebSocket: LiveSocketConstructor | null;
  readonly tuning?: Partial<SyncTuning>;
  /** One call per applied pull page that changed rows. */
  readonly onData: (tables: TableName[]) => void;
  readonly onStatus: () => void;
  readonly afterCycle?: () => Promise<void>;
}

function replicaPort(deps: CounterSyncDeps): SyncReplicaPort {
  const { replica, clock, logger } = deps;
  return {
    clientId: () => clientIdOf(replica, clock),
    pendingBatch: (afterId, limit): PushedMutation[] =>
      replica.outbox.pending(afterId, limit).map((entry) => ({
        id: entry.mutationId,
        name: entry.name,
        args: entry.args,
        hlc: entry.hlc,
        env: entry.env,
        actorId: entry.actorId,
        baseVersion: entry.baseVersion,
      })),
    smallestPendingId: () => replica.outbox.smallestId(),
    pullPosition: () => ({ cursor: replica.cursor(), snapshot: replica.snapshot() }),
    applyPull: (response) => {
      const result = applyPullResponse(
        {
          replica,
          wallNow: clock,
          freshId: () => uuidv7(clock()),
          logger,
          actorProfile: (userId) => deps.session.actorProfile(userId),
        },
        response,
      );
      if (result.hlcClamped) logger.warn({}, 'the server clock is far ahead of this PC; the HLC was clamped');
      if (result.tables.length > 0) deps.onData(result.tables);
      deps.onStatus();
    },
    receiveServerHlc: (hlc) => {
      const identity = replica.identity();
      if (identity) replica.receiveHlc(identity, hlc, clock);
    },
    recordSyncedAt: (at) => replica.meta.set(META.lastSyncAt, at),
  };
}

/** Wires the sync client to this replica, its credentials and the core's events. */
export function createCounterSync(deps: CounterSyncDeps): SyncClient {
  return new SyncClient(
    {
      api: deps.api,
      replica: replicaPort(deps),
      auth: {
        device: () => deviceAuthorization(deps.replica, deps.secrets),
        userToken: () => deps.tokens.accessToken(),
        userTokenRejected: () => deps.tokens.rejected(),
      },
      timers: deps.timers,
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
      WebSocket: deps.WebSocket,
      onChange: deps.onStatus,
      ...(deps.afterCycle ? { afterCycle: deps.afterCycle } : {}),
      ...(deps.tuning ? { tuning: deps.tuning } : {}),
    },
    deps.replica.meta.get(META.lastSyncAt),
  );
}

export function serverApiFor(serverUrl: string, fetch: FetchLike): ServerApi {
  return new ServerApi({ serverUrl, fetch });
}
