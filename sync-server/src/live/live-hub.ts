import { PROTOCOL_VERSION, type LiveMessage } from '@forecourt/shared';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { SyncEngine } from '../sync/types.ts';

export interface LiveHubOptions {
  readonly engine: SyncEngine;
  readonly logger: Logger;
  readonly clock: () => number;
  /** At most one poke per socket per this many milliseconds; bursts collapse into one. */
  readonly pokeIntervalMs: number;
  readonly keepaliveMs: number;
}

interface Connection {
  readonly socket: WebSocket;
  readonly tenantId: string;
  readonly deviceId: string;
  lastPokeAtMs: number;
  /** Highest version the socket has been told about (hello or poke). */
  toldVersion: number;
  pendingVersion: number | null;
  pokeTimer: NodeJS.Timeout | null;
  awaitingPong: boolean;
  keepalive: NodeJS.Timeout | null;
}

const send = (socket: WebSocket, message: LiveMessage) => socket.send(JSON.stringify(message));

/**
 * The live channel (DESIGN §4.3): a poke says only "there is a new version, pull". Commits reach
 * the hub through engine.onCommit, which also carries other instances' commits (NOTIFY).
 */
export class LiveHub {
  readonly #options: LiveHubOptions;
  readonly #byTenant = new Map<string, Set<Connection>>();
  readonly #unsubscribe: () => void;

  constructor(options: LiveHubOptions) {
    this.#options = options;
    this.#unsubscribe = options.engine.onCommit((tenantId, version) => {
      for (const connection of this.#byTenant.get(tenantId) ?? []) this.#schedulePoke(connection, version);
    });
  }

  /** Greets the socket and pokes it on every commit of its tenant until it closes. */
  async connect(socket: WebSocket, device: { tenantId: string; deviceId: string }): Promise<void> {
    // Read first, register after: then no poke can overtake the hello.
    const version = await this.#options.engine.currentVersion();
    if (socket.readyState !== socket.OPEN) return;
    const connection: Connection = {
      socket,
      ...device,
      lastPokeAtMs: 0,
      toldVersion: version,
      pendingVersion: null,
      pokeTimer: null,
      awaitingPong: false,
      keepalive: null,
    };
    connection.keepalive = setInterval(() => this.#keepAlive(connection), this.#options.keepaliveMs);
    socket.on('pong', () => (connection.awaitingPong = false));
    socket.on('close', () => this.#remove(connection));
    const peers = this.#byTenant.get(device.tenantId) ?? new Set<Connection>();
    this.#byTenant.set(device.tenantId, peers.add(connection));
    send(socket, { type: 'hello', protocol: PROTOCOL_VERSION, version });
  }

  /** Closes a revoked device's sockets. */
  disconnectDevice(deviceId: string): void {
    for (const peers of this.#byTenant.values()) {
      for (const connection of peers) {
        if (connection.deviceId === deviceId) connection.socket.close(4401, 'device revoked');
      }
    }
  }

  close(): void {
    this.#unsubscribe();
    for (const peers of [...this.#byTenant.values()]) for (const connection of [...peers]) this.#remove(connection);
  }

  #schedulePoke(connection: Connection, version: number): void {
    // The same commit arrives twice on PostgreSQL (locally and through NOTIFY): poke once.
    if (version <= connection.toldVersion) return;
    connection.pendingVersion = Math.max(version, connection.pendingVersion ?? 0);
    if (connection.pokeTimer) return;
    const waitMs = connection.lastPokeAtMs + this.#options.pokeIntervalMs - this.#options.clock();
    if (waitMs <= 0) this.#poke(connection);
    else connection.pokeTimer = setTimeout(() => this.#poke(connection), waitMs);
  }

  #poke(connection: Connection): void {
    connection.pokeTimer = null;
    const version = connection.pendingVersion;
    if (version === null || connection.socket.readyState !== connection.socket.OPEN) return;
    send(connection.socket, { type: 'poke', version });
    connection.toldVersion = version;
    connection.pendingVersion = null;
    connection.lastPokeAtMs = this.#options.clock();
  }

  #keepAlive(connection: Connection): void {
    // No pong since the last ping: the peer is gone without a close frame (a sleeping laptop).
    if (connection.awaitingPong) return connection.socket.terminate();
    connection.awaitingPong = true;
    connection.socket.ping();
  }

  #remove(connection: Connection): void {
    if (connection.keepalive) clearInterval(connection.keepalive);
    if (connection.pokeTimer) clearTimeout(connection.pokeTimer);
    const peers = this.#byTenant.get(connection.tenantId);
    peers?.delete(connection);
    if (peers?.size === 0) this.#byTenant.delete(connection.tenantId);
  }
}

export function createLiveHub(options: LiveHubOptions): LiveHub {
  return new LiveHub(options);
}
