import type { PullRequest } from '@forecourt/shared';
import type { PullPage } from './pull.ts';
import type { DeviceSession } from './types.ts';

/**
 * The next snapshot page, read while the device is still receiving and applying this one.
 *
 * A first sync is a chain of pages: the device can ask for page N+1 only once page N has told it
 * where N+1 starts, so the server's query for N+1 used to wait for N to travel to the device,
 * be parsed there and be answered (docs/performance.md, "Bootstrap"). When the server sends a
 * snapshot page that has a successor, it knows that successor's request exactly, and reads it
 * at once; the device's request then finds it ready.
 *
 * Safe because a snapshot page is "the rows as they are when read", not a point in time: a row
 * that changes after the page was read is sent again by the change log after the snapshot's
 * version, whichever moment the page was read. Only pages in the middle of a snapshot are kept
 * (no mutation is settled on them); a read-ahead that turns out to be anything else, fails, or
 * waits longer than `ttlMs` is dropped and the page is read when asked. One page per device, a
 * few devices at most: a server bootstrapping many counters at once reads ahead for some.
 */
export class SnapshotReadAhead {
  readonly #pages = new Map<string, { readonly page: Promise<ReadPage | null>; readonly at: number }>();
  readonly #maxDevices: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { maxDevices?: number; ttlMs?: number; now?: () => number } = {}) {
    this.#maxDevices = options.maxDevices ?? 8;
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** The page read ahead for exactly this device and request, or null (then read it now). */
  async take(device: DeviceSession, request: PullRequest): Promise<PullPage | null> {
    const key = deviceKey(device);
    const held = this.#pages.get(key);
    if (!held) return null;
    this.#pages.delete(key);
    if (this.#now() - held.at > this.#ttlMs) return null;
    const read = await held.page;
    return read && read.request === requestKey(request) ? read.page : null;
  }

  /** After sending `page` for `request`: starts reading the page that follows, if it is a snapshot page. */
  readAfter(
    device: DeviceSession,
    request: PullRequest,
    page: PullPage,
    read: (next: PullRequest) => Promise<PullPage>,
  ): void {
    if (!page.hasMore || !page.snapshot) return;
    const next: PullRequest = { ...request, snapshot: page.snapshot };
    const key = deviceKey(device);
    this.#pages.delete(key);
    this.#dropExpired();
    if (this.#pages.size >= this.#maxDevices) return;
    const ahead = read(next).then(
      (value): ReadPage | null => (value.hasMore && value.snapshot ? { request: requestKey(next), page: value } : null),
      () => null, // read again when asked; that read reports the error
    );
    this.#pages.set(key, { page: ahead, at: this.#now() });
  }

  /** Devices holding a page (for tests and diagnostics). */
  get size(): number {
    return this.#pages.size;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [key, held] of this.#pages) if (now - held.at > this.#ttlMs) this.#pages.delete(key);
  }
}

interface ReadPage {
  readonly request: string;
  readonly page: PullPage;
}

/** Scope is part of the key: a device moved to another site never gets a page read for the old one. */
function deviceKey(device: DeviceSession): string {
  return [device.tenantId, device.deviceId, device.scope, device.siteId ?? ''].join('\u0000');
}

function requestKey(request: PullRequest): string {
  return JSON.stringify([
    request.clientId,
    request.cursor,
    request.snapshot?.version ?? null,
    request.snapshot?.table ?? null,
    request.snapshot?.afterId ?? null,
    request.pendingFrom ?? null,
    request.limit ?? null,
    request.rowBlocks === true,
  ]);
}
