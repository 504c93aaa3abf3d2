import { Compile } from 'typebox/compile';
import { LiveMessage, PROTOCOL_VERSION } from '@forecourt/shared';
import type { Logger } from '../logger.ts';
import { backoffDelay, OneShotTimer, type Timers } from './backoff.ts';

/** The part of a `ws` WebSocket the live channel uses; tests pass a fake with the same shape. */
export interface LiveSocket {
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(code?: number, reason?: string): void;
}

export type LiveSocketConstructor = new (url: string, options: { headers: Record<string, string> }) => LiveSocket;

const LiveMessageCheck = Compile(LiveMessage);

function messageText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data.filter((part) => Buffer.isBuffer(part))).toString('utf8');
  return '';
}

export interface LiveChannelDeps {
  readonly url: string;
  /** Headers for the upgrade (device credential, protocol); null: not possible yet, retry later. */
  readonly headers: () => Record<string, string> | null;
  readonly WebSocket: LiveSocketConstructor;
  readonly timers: Timers;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  /** The server has this version (on hello and on every poke): pull if behind. */
  readonly onVersion: (version: number) => void;
  readonly onOpenChange: (open: boolean) => void;
  readonly onProtocolMismatch: () => void;
}

/**
 * The live channel (DESIGN §4.3): a WebSocket on which the server says "there is a new version".
 * It carries no data; the sync client pulls. Reconnects with the same capped backoff as pushes.
 */
export class LiveChannel {
  readonly #deps: LiveChannelDeps;
  readonly #reconnect: OneShotTimer;
  #socket: LiveSocket | null = null;
  #running = false;
  #open = false;
  #failures = 0;

  constructor(deps: LiveChannelDeps) {
    this.#deps = deps;
    this.#reconnect = new OneShotTimer(deps.timers, deps.clock, () => this.#connect());
  }

  get open(): boolean {
    return this.#open;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    this.#reconnect.cancel();
    const socket = this.#socket;
    this.#socket = null;
    this.#setOpen(false);
    socket?.close(1000, 'counter stopped syncing');
  }

  #connect(): void {
    if (!this.#running) return;
    const headers = this.#deps.headers();
    if (!headers) return this.#retryLater();
    let socket: LiveSocket;
    try {
      socket = new this.#deps.WebSocket(this.#deps.url, { headers });
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'live channel could not be opened');
      return this.#retryLater();
    }
    this.#socket = socket;
    socket.on('message', (data) => {
      if (this.#socket === socket) this.#onMessage(messageText(data));
    });
    socket.on('error', (error) => {
      if (this.#socket !== socket) return;
      this.#deps.logger.debug({ reason: error.message }, 'live channel error');
      // ws reports a refused upgrade as "Unexpected server response: <status>".
      if (/\b426\b/.test(error.message)) this.#protocolMismatch();
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#setOpen(false);
      this.#retryLater();
    });
  }

  #onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = null;
    }
    if (!LiveMessageCheck.Check(message)) {
      this.#deps.logger.warn({ length: text.length }, 'live channel: unexpected message ignored');
      return;
    }
    if (message.type === 'hello') {
      if (message.protocol !== PROTOCOL_VERSION) return this.#protocolMismatch();
      this.#failures = 0;
      this.#setOpen(true);
    }
    this.#deps.onVersion(message.version);
  }

  #retryLater(): void {
    if (!this.#running) return;
    this.#failures += 1;
    this.#reconnect.schedule(backoffDelay(this.#failures, this.#deps.random));
  }

  #protocolMismatch(): void {
    this.stop();
    this.#deps.onProtocolMismatch();
  }

  #setOpen(open: boolean): void {
    if (this.#open === open) return;
    this.#open = open;
    this.#deps.onOpenChange(open);
  }
}
