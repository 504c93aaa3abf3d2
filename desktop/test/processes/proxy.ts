import net from 'node:net';

export type PushPhase = 'request' | 'reply';

interface Trap {
  readonly phase: PushPhase;
  readonly action: (upstream: number) => void;
  readonly resolve: (upstream: number) => void;
}

/** What a test can see of one relayed connection. */
export interface LinkView {
  readonly upstream: number;
  readonly firstRequest: string;
  /** The server has sent something back (for a WebSocket: the upgrade went through). */
  readonly answered: boolean;
}

const PUSH_REQUEST = 'POST /api/v1/sync/push ';

/**
 * A TCP proxy in front of several server instances, one listening port per client, so that a
 * test can treat each counter's connections on their own. Each connection goes to the next
 * upstream in turn (or the client's pinned one); an upstream that refuses is skipped. A client
 * can be cut off (connections reset, new ones refused), stalled (nothing relayed, connections held
 * until healed) or have its next push trapped: at the push request (the test kills the counter)
 * or at the first byte of the server's reply, which is then never relayed (the test kills the
 * server: the push was committed, nobody hears about it).
 *
 * HTTP is only sniffed, not parsed: counters send one request at a time per connection, so the
 * first client bytes after a reply start the next request.
 */
export class RoundRobinProxy {
  readonly #upstreams: number[];
  readonly #clients = new Map<string, ClientPort>();
  #turn = 0;

  constructor(upstreamPorts: readonly number[]) {
    this.#upstreams = [...upstreamPorts];
  }

  /** A restarted server listens on a new port. */
  setUpstream(index: number, port: number): void {
    this.#upstreams[index] = port;
  }

  async listen(client: string): Promise<number> {
    const port = new ClientPort(this);
    this.#clients.set(client, port);
    return port.listen();
  }

  cut(client: string): void {
    this.#port(client).setMode('cut');
  }

  stall(client: string): void {
    this.#port(client).setMode('stalled');
  }

  heal(client: string): void {
    this.#port(client).setMode('open');
  }

  /** Sends every new connection of the client to one upstream (null: round-robin again). */
  pin(client: string, upstream: number | null): void {
    this.#port(client).pinned = upstream;
  }

  /** Arms a one-shot trap on the client's next push; resolves with the upstream it went to. */
  trapPush(client: string, phase: PushPhase, action: (upstream: number) => void): Promise<number> {
    return new Promise((resolve) => this.#port(client).traps.push({ phase, action, resolve }));
  }

  /** Connections of the client waiting on a stall: held before reaching a server, or with bytes held back. */
  held(client: string): number {
    const port = this.#port(client);
    return port.heldCount + [...port.links].filter((link) => link.heldBytes > 0).length;
  }

  links(client: string): LinkView[] {
    return [...this.#port(client).links].map((link) => ({
      upstream: link.upstream,
      firstRequest: link.firstRequest,
      answered: link.answered,
    }));
  }

  /** Upstream indexes to try for a new connection, the preferred one first. */
  order(pinned: number | null): number[] {
    if (pinned !== null) return [pinned];
    const count = this.#upstreams.length;
    const first = this.#turn++ % count;
    return Array.from({ length: count }, (_, step) => (first + step) % count);
  }

  portOf(upstream: number): number | undefined {
    return this.#upstreams[upstream];
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((port) => port.close()));
  }

  #port(client: string): ClientPort {
    const port = this.#clients.get(client);
    if (!port) throw new Error(`the proxy has no client ${client}`);
    return port;
  }
}

class ClientPort {
  readonly server: net.Server;
  readonly links = new Set<Link>();
  readonly traps: Trap[] = [];
  readonly #held = new Set<net.Socket>();
  mode: 'open' | 'cut' | 'stalled' = 'open';
  pinned: number | null = null;

  constructor(readonly proxy: RoundRobinProxy) {
    this.server = net.createServer({ pauseOnConnect: true }, (socket) => this.#accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)); // TCP
    });
  }

  setMode(mode: ClientPort['mode']): void {
    this.mode = mode;
    if (mode === 'cut') {
      for (const link of this.links) link.destroy();
      for (const socket of this.#held) socket.resetAndDestroy();
      this.#held.clear();
    }
    for (const link of this.links) link.setStalled(mode === 'stalled');
    if (mode === 'open') {
      const held = [...this.#held];
      this.#held.clear();
      for (const socket of held) this.#connect(socket);
    }
  }

  get heldCount(): number {
    return this.#held.size;
  }

  takeTrap(phase: PushPhase): Trap | undefined {
    const index = this.traps.findIndex((trap) => trap.phase === phase);
    return index < 0 ? undefined : this.traps.splice(index, 1)[0];
  }

  async close(): Promise<void> {
    for (const link of this.links) link.destroy();
    for (const socket of this.#held) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    socket.on('error', () => undefined);
    if (this.mode === 'cut') return void socket.resetAndDestroy();
    if (this.mode === 'stalled') {
      this.#held.add(socket);
      socket.once('close', () => this.#held.delete(socket));
      return;
    }
    this.#connect(socket);
  }

  #connect(client: net.Socket, candidates = this.proxy.order(this.pinned)): void {
    const [upstream, ...rest] = candidates;
    const port = upstream === undefined ? undefined : this.proxy.portOf(upstream);
    if (upstream === undefined || port === undefined || client.destroyed) return void client.destroy();
    const server = net.connect({ port, host: '127.0.0.1' });
    const refused = () => this.#connect(client, rest);
    server.once('error', refused);
    server.once('connect', () => {
      server.off('error', refused);
      const link = new Link(this, client, server, upstream);
      this.links.add(link);
      link.setStalled(this.mode === 'stalled');
    });
  }
}

class Link {
  firstRequest = '';
  answered = false;
  #awaitingReply = false;
  #push = false;
  #stalled = false;
  #dropped = false;
  /** Bytes read while stalled, in arrival order, relayed when the stall ends. */
  #heldBack: Array<{ fromClient: boolean; chunk: Buffer }> = [];

  constructor(
    readonly port: ClientPort,
    readonly client: net.Socket,
    readonly server: net.Socket,
    readonly upstream: number,
  ) {
    server.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => this.#fromClient(chunk));
    server.on('data', (chunk: Buffer) => this.#fromServer(chunk));
    const close = () => this.destroy();
    client.once('close', close);
    server.once('close', close);
    client.resume();
  }

  get heldBytes(): number {
    return this.#heldBack.reduce((sum, held) => sum + held.chunk.length, 0);
  }

  /** While stalled, both directions are read but nothing is delivered: a hung network path. */
  setStalled(stalled: boolean): void {
    this.#stalled = stalled;
    if (stalled || this.#dropped) return;
    const held = this.#heldBack;
    this.#heldBack = [];
    for (const { fromClient, chunk } of held) {
      if (fromClient) this.#fromClient(chunk);
      else this.#fromServer(chunk);
    }
  }

  destroy(): void {
    this.#dropped = true;
    this.port.links.delete(this);
    if (!this.client.destroyed) this.client.resetAndDestroy();
    if (!this.server.destroyed) this.server.destroy();
  }

  #fromClient(chunk: Buffer): void {
    if (this.#stalled) return void this.#heldBack.push({ fromClient: true, chunk });
    if (!this.#awaitingReply) {
      const start = chunk.toString('latin1', 0, 64);
      if (this.firstRequest === '') this.firstRequest = start.split('\r\n')[0] ?? '';
      this.#push = start.startsWith(PUSH_REQUEST);
      this.#awaitingReply = true;
      const trap = this.#push ? this.port.takeTrap('request') : undefined;
      if (trap) {
        trap.action(this.upstream);
        trap.resolve(this.upstream);
      }
    }
    this.#relay(chunk, this.client, this.server);
  }

  #fromServer(chunk: Buffer): void {
    if (this.#stalled) return void this.#heldBack.push({ fromClient: false, chunk });
    this.answered = true;
    if (this.#awaitingReply) {
      this.#awaitingReply = false;
      const trap = this.#push ? this.port.takeTrap('reply') : undefined;
      if (trap) {
        // The reply is never relayed: the client only sees its connection reset.
        trap.action(this.upstream);
        this.destroy();
        trap.resolve(this.upstream);
        return;
      }
    }
    this.#relay(chunk, this.server, this.client);
  }

  /** Writes with backpressure: the source pauses until the destination drains. */
  #relay(chunk: Buffer, from: net.Socket, to: net.Socket): void {
    if (this.#dropped || to.destroyed) return;
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => {
        if (!this.#dropped) from.resume();
      });
    }
  }
}
