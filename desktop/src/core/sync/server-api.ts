import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  DomainError,
  isErrorCode,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponse,
  PushResponse,
  type PullRequest,
  type PushRequest,
} from '@forecourt/shared';

export type FetchLike = typeof globalThis.fetch;

export const EnrolResult = Type.Object({
  deviceId: Type.String(),
  deviceSecret: Type.String(),
  tenantId: Type.String(),
  siteId: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
  deviceCode: Type.String(),
});
export type EnrolResult = Static<typeof EnrolResult>;

export const AuthResult = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Number()]),
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('staff'), Type.Literal('viewer')]),
    siteIds: Type.Array(Type.String()),
  }),
});
export type AuthResult = Static<typeof AuthResult>;

/** Why a request to the server failed, in the terms the sync client acts on. */
export type ServerFailure = 'network' | 'server' | 'protocol-mismatch' | 'unauthorized' | 'refused';

export class ServerError extends Error {
  readonly failure: ServerFailure;
  readonly status: number | null;
  readonly code: string;

  constructor(failure: ServerFailure, status: number | null, code: string, message: string) {
    super(message);
    this.name = 'ServerError';
    this.failure = failure;
    this.status = status;
    this.code = code;
  }

  /** Worth retrying later unchanged: the network, a 5xx, a timeout, rate limiting. */
  get transient(): boolean {
    return this.failure === 'network' || this.failure === 'server';
  }

  /** The same failure as a DomainError for callers that answer a user (enrol, login). */
  toDomainError(): DomainError {
    if (this.transient) return new DomainError('unavailable', 'the sync server cannot be reached');
    if (this.failure === 'protocol-mismatch') {
      return new DomainError('protocol-mismatch', 'this counter and the server speak different protocol versions');
    }
    return new DomainError(isErrorCode(this.code) ? this.code : 'invalid', this.message);
  }
}

const Envelope = Type.Object({
  data: Type.Unknown(),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
});
const EnvelopeCheck = Compile(Envelope);
const EnrolResultCheck = Compile(EnrolResult);
const AuthResultCheck = Compile(AuthResult);
const PushResponseCheck = Compile(PushResponse);
const PullResponseCheck = Compile(PullResponse);
const AnyCheck = { Check: (_value: unknown): _value is unknown => true };

interface ShapeCheck<T> {
  Check(value: unknown): value is T;
}

function failureFor(status: number): ServerFailure {
  if (status === 426) return 'protocol-mismatch';
  if (status === 401) return 'unauthorized';
  if (status >= 500 || status === 408 || status === 429) return 'server';
  return 'refused';
}

/** `https://host[:port][/prefix]` without a trailing slash or /api/v1. */
export function normaliseServerUrl(serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl.trim());
  } catch {
    throw new DomainError('invalid', `not a server address: ${serverUrl.slice(0, 100)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('invalid', 'the server address must start with http:// or https://');
  }
  return url.href.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

export interface ServerApiOptions {
  readonly serverUrl: string;
  readonly fetch: FetchLike;
  readonly timeoutMs?: number;
}

export interface RequestAuth {
  /** `Device <deviceId>.<deviceSecret>`. */
  readonly device?: string | null;
  readonly userToken?: string | null;
}

/** The server's /api/v1 as the counter uses it; every response is checked against its schema. */
export class ServerApi {
  readonly baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;

  constructor(options: ServerApiOptions) {
    this.baseUrl = `${normaliseServerUrl(options.serverUrl)}/api/v1`;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  liveUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/sync/live`;
  }

  enrol(body: { code: string; name: string }): Promise<EnrolResult> {
    return this.#post('/devices/enrol', body, {}, EnrolResultCheck, 'enrolment');
  }

  login(body: { email: string; password: string }, auth: RequestAuth): Promise<AuthResult> {
    return this.#post('/auth/login', body, auth, AuthResultCheck, 'sign-in');
  }

  refresh(refreshToken: string, auth: RequestAuth): Promise<AuthResult> {
    return this.#post('/auth/refresh', { refreshToken }, auth, AuthResultCheck, 'token refresh');
  }

  async logout(refreshToken: string, auth: RequestAuth): Promise<void> {
    await this.#post('/auth/logout', { refreshToken }, auth, AnyCheck, 'sign-out');
  }

  push(body: PushRequest, auth: RequestAuth): Promise<PushResponse> {
    return this.#post('/sync/push', body, auth, PushResponseCheck, 'push response');
  }

  pull(body: PullRequest, auth: RequestAuth): Promise<PullResponse> {
    return this.#post('/sync/pull', body, auth, PullResponseCheck, 'pull response');
  }

  async #post<T>(path: string, body: unknown, auth: RequestAuth, check: ShapeCheck<T>, what: string): Promise<T> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    };
    if (auth.device) headers.authorization = auth.device;
    if (auth.userToken) headers['x-user-token'] = auth.userToken;
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServerError('network', null, 'unavailable', `the sync server cannot be reached (${reason})`);
    }
    const data = await this.#readEnvelope(response);
    if (!check.Check(data))
      throw new ServerError('refused', response.status, 'invalid', `the server sent an unexpected ${what}`);
    return data;
  }

  async #readEnvelope(response: Response): Promise<unknown> {
    const version = response.headers.get(PROTOCOL_HEADER);
    if (response.status === 426 || (version !== null && version !== String(PROTOCOL_VERSION))) {
      throw new ServerError(
        'protocol-mismatch',
        426,
        'protocol-mismatch',
        `the server speaks protocol ${version ?? 'unknown'}`,
      );
    }
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // A proxy's HTML error page or an empty body: classified by the status alone below.
      parsed = null;
    }
    const envelope = EnvelopeCheck.Check(parsed) ? parsed : null;
    if (!response.ok || envelope?.error) {
      const failure = response.ok ? 'refused' : failureFor(response.status);
      const code = envelope?.error?.code ?? (failure === 'server' ? 'unavailable' : 'invalid');
      const message = envelope?.error?.message ?? `the server answered ${response.status}`;
      throw new ServerError(failure, response.status, code, message);
    }
    if (!envelope) throw new ServerError('refused', response.status, 'invalid', 'the server sent no envelope');
    return envelope.data;
  }
}
