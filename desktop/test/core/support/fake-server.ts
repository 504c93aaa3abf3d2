import { PROTOCOL_HEADER, type PullRequest, type PullResponse, type PushRequest } from '@forecourt/shared';
import type { FetchLike } from '../../../src/core/sync/server-api.ts';

export interface FakeReply {
  readonly status?: number;
  readonly data?: unknown;
  readonly error?: { code: string; message: string };
  /** Replaces the protocol header the fake sends (undefined keeps it). */
  readonly protocol?: string;
}

export interface RecordedRequest {
  readonly path: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly at: number;
}

type Handler = (body: unknown, request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export const TENANT_ID = '01a20000-0000-7000-8000-000000000001';
export const SITE_ID = '01a20000-0000-7000-8000-000000000002';
export const DEVICE_ID = '01a20000-0000-7000-8000-000000000003';
export const USER_ID = '01a20000-0000-7000-8000-000000000004';
export const SERVER_HLC = '001795000000000-00000-server';

/**
 * The sync server at the HTTP boundary: real Response objects through an injected fetch, with
 * a tiny push/pull engine by default and per-route overrides for the failure cases.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly #handlers = new Map<string, Handler>();
  readonly #clock: () => number;
  lastMutationId = 0;
  version = 0;
  unreachable = false;
  #tokenSerial = 0;

  constructor(clock: () => number) {
    this.#clock = clock;
    this.on('/devices/enrol', () => ({
      data: {
        deviceId: DEVICE_ID,
        deviceSecret: 'device-secret-1',
        tenantId: TENANT_ID,
        siteId: SITE_ID,
        scope: 'site',
        deviceCode: 'BLR1A',
      },
    }));
    this.on('/auth/login', () => ({ data: this.session() }));
    this.on('/auth/refresh', () => ({ data: this.session() }));
    this.on('/auth/logout', () => ({ data: { signedOut: true } }));
    // The counter under test sends protocol-shaped bodies; the fake trusts them like a test double.
    this.on('/sync/push', (body) => ({ data: this.applyPush(body as PushRequest) }));
    this.on('/sync/pull', (body) => ({ data: this.pullPage(body as PullRequest) }));
  }

  on(path: string, handler: Handler): void {
    this.#handlers.set(path, handler);
  }

  /** The next `times` requests to `path` get `reply`; then the previous handler answers again. */
  failNext(path: string, reply: FakeReply, times = 1): void {
    const previous = this.#handlers.get(path);
    let left = times;
    this.on(path, (body, request) => {
      if (left > 0) {
        left -= 1;
        return reply;
      }
      return previous ? previous(body, request) : { status: 404 };
    });
  }

  session(user: Partial<{ role: string; siteIds: string[] }> = {}) {
    this.#tokenSerial += 1;
    return {
      accessToken: `access-${this.#tokenSerial}`,
      refreshToken: `refresh-${this.#tokenSerial}`,
      expiresAt: new Date(this.#clock() + 15 * 60_000).toISOString(),
      user: { id: USER_ID, email: 'staff@demo.in', name: 'Sam Staff', role: 'staff', siteIds: [SITE_ID], ...user },
    };
  }

  applyPush(request: PushRequest) {
    for (const mutation of request.mutations) {
      if (mutation.id === this.lastMutationId + 1) this.lastMutationId = mutation.id;
    }
    return { lastMutationId: this.lastMutationId, outcomes: [], serverHlc: SERVER_HLC };
  }

  pullPage(_request: PullRequest): PullResponse {
    return {
      changes: [],
      checkpoint: this.version,
      hasMore: false,
      lastMutationId: this.lastMutationId,
      outcomes: [],
      serverHlc: SERVER_HLC,
    };
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Bodies of the pushes received; the client's ServerApi sends PushRequest JSON there. */
  pushBodies(): PushRequest[] {
    return this.requestsTo('/sync/push').map((request) => request.body as PushRequest); // see above
  }

  /** Bodies of the pulls received; the client's ServerApi sends PullRequest JSON there. */
  pullBodies(): PullRequest[] {
    return this.requestsTo('/sync/pull').map((request) => request.body as PullRequest); // see above
  }

  readonly fetch: FetchLike = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (this.unreachable) throw new TypeError('fetch failed: connect ECONNREFUSED');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : null;
    const request: RecordedRequest = { path, body, headers, at: this.#clock() };
    this.requests.push(request);
    const handler = this.#handlers.get(path);
    const reply: FakeReply = handler
      ? await handler(body, request)
      : { status: 404, error: { code: 'not-found', message: 'no route' } };
    const status = reply.status ?? (reply.error ? 400 : 200);
    const envelope = reply.error ? { data: null, error: reply.error } : { data: reply.data ?? null, error: null };
    return new Response(JSON.stringify(envelope), {
      status,
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: reply.protocol ?? '1' },
    });
  };
}
