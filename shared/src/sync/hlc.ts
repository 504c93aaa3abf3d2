/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a logical counter plus the
 * node id. Encoded so that plain string comparison orders timestamps:
 * `000001763785289123-00000-<node>`. Used to order field edits and for audit only — never to
 * decide whether a mutation is allowed.
 */
export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

/** How far ahead of the receiver's wall clock a remote timestamp may be before it is clamped. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;
const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;

export function encodeHlc(hlc: Hlc): string {
  return `${String(hlc.wallMs).padStart(WALL_DIGITS, '0')}-${String(hlc.counter).padStart(COUNTER_DIGITS, '0')}-${hlc.node}`;
}

const HLC_PATTERN = /^(\d{15})-(\d{5})-([A-Za-z0-9_.:]{1,64})$/;

export function decodeHlc(text: string): Hlc {
  const match = HLC_PATTERN.exec(text);
  if (!match) throw new Error(`not an HLC timestamp: ${text.slice(0, 40)}`);
  return { wallMs: Number(match[1]), counter: Number(match[2]), node: match[3] ?? '' };
}

export function isHlc(text: unknown): text is string {
  return typeof text === 'string' && HLC_PATTERN.test(text);
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The next timestamp for a local event. */
export function tickHlc(last: Hlc, wallNowMs: number): Hlc {
  if (wallNowMs > last.wallMs) return { wallMs: wallNowMs, counter: 0, node: last.node };
  return bump(last.wallMs, last.counter, last.node);
}

export interface ReceiveResult {
  readonly hlc: Hlc;
  /** True when the remote timestamp was too far ahead and was not allowed to drag the clock. */
  readonly clamped: boolean;
}

/**
 * Merges a remote timestamp into the local clock. A remote clock more than MAX_CLOCK_DRIFT_MS
 * ahead of our wall clock is clamped (flagged, not refused), so one PC with a wrong date cannot
 * push every other clock days into the future.
 */
export function receiveHlc(local: Hlc, remote: Hlc, wallNowMs: number): ReceiveResult {
  const clamped = remote.wallMs > wallNowMs + MAX_CLOCK_DRIFT_MS;
  const remoteWall = clamped ? wallNowMs : remote.wallMs;
  const remoteCounter = clamped ? 0 : remote.counter;
  const wall = Math.max(local.wallMs, remoteWall, wallNowMs);
  let counter: number;
  if (wall === local.wallMs && wall === remoteWall) counter = Math.max(local.counter, remoteCounter) + 1;
  else if (wall === local.wallMs) counter = local.counter + 1;
  else if (wall === remoteWall) counter = remoteCounter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { hlc: { wallMs: wall + 1, counter: 0, node: local.node }, clamped };
  return { hlc: { wallMs: wall, counter, node: local.node }, clamped };
}

/**
 * The server's view of a client timestamp: one that claims to be too far in the future is
 * clamped to the server's wall clock (keeping the client's node so that it stays unique).
 */
export function clampRemoteHlc(remote: string, wallNowMs: number): { hlc: string; clamped: boolean } {
  const decoded = decodeHlc(remote);
  if (decoded.wallMs <= wallNowMs + MAX_CLOCK_DRIFT_MS) return { hlc: remote, clamped: false };
  return { hlc: encodeHlc({ wallMs: wallNowMs, counter: decoded.counter, node: decoded.node }), clamped: true };
}

function bump(wallMs: number, counter: number, node: string): Hlc {
  if (counter >= MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node };
  return { wallMs, counter: counter + 1, node };
}

/** A clock bound to a node and a wall-clock source; holds the only mutable state (the last stamp). */
export class HlcClock {
  #last: Hlc;
  readonly #wallNow: () => number;

  constructor(node: string, wallNow: () => number, last?: string) {
    this.#wallNow = wallNow;
    this.#last = last ? { ...decodeHlc(last), node } : { wallMs: 0, counter: 0, node };
  }

  now(): string {
    this.#last = tickHlc(this.#last, this.#wallNow());
    return encodeHlc(this.#last);
  }

  receive(remote: string): { clamped: boolean } {
    const result = receiveHlc(this.#last, decodeHlc(remote), this.#wallNow());
    this.#last = result.hlc;
    return { clamped: result.clamped };
  }

  get last(): string {
    return encodeHlc(this.#last);
  }
}
