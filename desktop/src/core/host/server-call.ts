import { DomainError, isErrorCode } from '@forecourt/shared/errors';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared/sync/protocol';
import { accessTokenOf, type EnrolmentCodeDeps } from './enrolment-codes.ts';

/**
 * One online call from the counter core to the sync server's /api/v1, as the signed-in user (or
 * anonymously, for joining with an invite). The pages that have nothing replicated — company
 * administration, integrations, online payments — all go through here: the token stays in the
 * core, the `{data, error}` envelope becomes a value or a DomainError, and a server that cannot be
 * reached is `unavailable` with the caller's words.
 */
export type ServerCall = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  options?: { anonymous?: boolean },
) => Promise<unknown>;

export type ServerCallDeps = EnrolmentCodeDeps;

export function serverCaller(deps: ServerCallDeps, offlineMessage: string): ServerCall {
  return async (method, path, body, options = {}) => {
    const identity = deps.counter.identity();
    if (!identity) throw new DomainError('unauthenticated', 'this PC is not enrolled');
    const token = options.anonymous ? null : await userToken(deps);
    const base = identity.serverUrl.endsWith('/') ? identity.serverUrl : `${identity.serverUrl}/`;
    let response: Response;
    try {
      response = await deps.fetch(new URL(`api/v1/${path}`, base), {
        method,
        headers: {
          ...(token ? { 'x-user-token': token } : {}),
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new DomainError('unavailable', offlineMessage);
    }
    return dataOf(await response.json().catch(() => null), offlineMessage);
  };
}

async function userToken(deps: ServerCallDeps): Promise<string> {
  let token = accessTokenOf(deps.secrets, deps.clock());
  if (!token) {
    // A sync refreshes the user's tokens when they are about to expire; offline it cannot.
    await deps.counter.syncNow();
    token = accessTokenOf(deps.secrets, deps.clock());
  }
  if (!token) throw new DomainError('unauthenticated', 'sign in with your password while online to do this');
  return token;
}

function dataOf(envelope: unknown, offlineMessage: string): unknown {
  if (typeof envelope !== 'object' || envelope === null) throw new DomainError('unavailable', offlineMessage);
  const { data, error } = envelope as { data?: unknown; error?: unknown }; // the /api/v1 envelope, checked below
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const code = isErrorCode(error.code) ? error.code : 'unavailable';
    throw new DomainError(code, String(error.message));
  }
  if (data === undefined) throw new DomainError('unavailable', 'the server answered nonsense');
  return data;
}
