import { DomainError, isErrorCode } from '@forecourt/shared/errors';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared/sync/protocol';
import type { SecretStore } from '../auth/secret-store.ts';
import type { CounterApi } from '../counter-api.ts';
import type { EnrolmentCodeIssuer } from './core-handlers.ts';

/**
 * Asks the sync server for an enrolment code (POST /api/v1/enrolment-codes) as the signed-in
 * user. The CounterApi has no call for this yet, so the host reads the user's access token from
 * the secret store it hands the core (the core keeps `user-tokens` there as JSON). If that format
 * changes, `accessTokenOf` finds nothing and the UI says to sign in online: it fails closed.
 * Proposed for the core: `CounterApi.createEnrolmentCode(input)` doing exactly this.
 */
export interface EnrolmentCodeDeps {
  readonly counter: Pick<CounterApi, 'identity' | 'syncNow'>;
  readonly secrets: Pick<SecretStore, 'get'>;
  readonly fetch: typeof fetch;
  readonly clock: () => number;
}

const FRESH_FOR_MS = 30_000;

export function accessTokenOf(secrets: Pick<SecretStore, 'get'>, nowMs: number): string | null {
  const raw = secrets.get('user-tokens');
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { accessToken, expiresAtMs } = value as { accessToken?: unknown; expiresAtMs?: unknown }; // checked just below
    if (typeof accessToken !== 'string' || typeof expiresAtMs !== 'number') return null;
    return expiresAtMs - FRESH_FOR_MS > nowMs ? accessToken : null;
  } catch {
    return null; // unreadable tokens are no tokens
  }
}

export function createEnrolmentCodeIssuer(deps: EnrolmentCodeDeps): EnrolmentCodeIssuer {
  return async (input) => {
    const identity = deps.counter.identity();
    if (!identity) throw new DomainError('unauthenticated', 'this PC is not enrolled');
    let token = accessTokenOf(deps.secrets, deps.clock());
    if (!token) {
      // A sync refreshes the user's tokens when they are about to expire.
      await deps.counter.syncNow();
      token = accessTokenOf(deps.secrets, deps.clock());
    }
    if (!token) throw new DomainError('unauthenticated', 'sign in with your password while online to create codes');
    const body = input.scope === 'tenant' ? { scope: 'tenant' } : { siteId: input.siteId };
    let response: Response;
    try {
      response = await deps.fetch(new URL('api/v1/enrolment-codes', withSlash(identity.serverUrl)), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-user-token': token,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new DomainError('unavailable', 'the server cannot be reached; enrolment codes need the internet');
    }
    return parseCreated(await response.json().catch(() => null));
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

type Created = Awaited<ReturnType<EnrolmentCodeIssuer>>;

function parseCreated(envelope: unknown): Created {
  if (typeof envelope !== 'object' || envelope === null)
    throw new DomainError('unavailable', 'the server answered nonsense');
  const { data, error } = envelope as { data?: unknown; error?: unknown }; // the /api/v1 envelope, checked below
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const code = isErrorCode(error.code) ? error.code : 'unavailable';
    throw new DomainError(code, String(error.message));
  }
  if (typeof data !== 'object' || data === null) throw new DomainError('unavailable', 'the server answered nonsense');
  const created = data as Partial<Created>; // fields checked one by one
  if (typeof created.code !== 'string' || typeof created.expiresAt !== 'string') {
    throw new DomainError('unavailable', 'the server answered nonsense');
  }
  return {
    code: created.code,
    expiresAt: created.expiresAt,
    siteId: typeof created.siteId === 'string' ? created.siteId : null,
    scope: created.scope === 'tenant' ? 'tenant' : 'site',
  };
}
