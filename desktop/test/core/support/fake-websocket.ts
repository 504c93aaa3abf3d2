import type { LiveSocket, LiveSocketConstructor } from '../../../src/core/sync/live-channel.ts';

type Listener = (...args: never[]) => void;

/** A live-channel socket the test plays the server side of. */
export class FakeSocket implements LiveSocket {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  closed = false;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string, headers: Record<string, string>) {
    this.url = url;
    this.headers = headers;
  }

  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.#emit('close', 1000);
  }

  /** The server sends a message. */
  send(message: unknown): void {
    this.#emit('message', Buffer.from(JSON.stringify(message)));
  }

  /** The connection drops (or the upgrade fails with `reason`). */
  fail(reason = 'socket hang up'): void {
    this.#emit('error', new Error(reason));
    this.close();
  }

  #emit(event: string, ...args: unknown[]): void {
    // Each listener was registered for this event, with the argument list the event carries.
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...values: unknown[]) => void)(...args);
  }
}

export function fakeWebSocketHub(): { sockets: FakeSocket[]; WebSocket: LiveSocketConstructor } {
  const sockets: FakeSocket[] = [];
  class HubSocket extends FakeSocket {
    constructor(url: string, options: { headers: Record<string, string> }) {
      super(url, options.headers);
      sockets.push(this);
    }
  }
  return { sockets, WebSocket: HubSocket };
}
