import { DomainError, isErrorCode } from '@forecourt/shared/errors';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared/sync/protocol';
import { Value } from 'typebox/value';
import type { ChannelHandlers } from '../../common/api.ts';
import { OWNER_ADMIN_CHANNELS } from '../../common/owner-admin-contract.ts';
import type { CounterApi } from '../counter-api.ts';
import { accessTokenOf, type EnrolmentCodeDeps } from './enrolment-codes.ts';

export type OwnerAdminChannel = keyof typeof OWNER_ADMIN_CHANNELS;
export type OwnerAdminHandlers = ChannelHandlers<OwnerAdminChannel>;

/** What the enrolment-code issuer needs, plus sign-in (joining ends signed in). */
export interface OwnerAdminDeps extends Omit<EnrolmentCodeDeps, 'counter'> {
  readonly counter: Pick<CounterApi, 'identity' | 'syncNow' | 'login'>;
}

const OFFLINE = 'the server cannot be reached; this needs the internet';
const nonsense = () => new DomainError('unavailable', 'the server answered nonsense');
type Method = 'GET' | 'POST';

/**
 * Company administration, answered by the sync server (/api/v1/invites, users, sites, devices,
 * reports) as the signed-in user. The server decides who may do what; this side carries the
 * token, turns the `{data, error}` envelope into values or DomainErrors, checks the answer against
 * the channel's output schema, and pulls afterwards so the changed rows show at once.
 */
export function createOwnerAdminHandlers(deps: OwnerAdminDeps): OwnerAdminHandlers {
  const call = serverCaller(deps);
  const pullNow = async () => {
    await deps.counter.syncNow().catch(() => undefined); // the change is on the server; the next pull brings it
  };
  const shaped = <C extends OwnerAdminChannel>(channel: C, value: unknown) => {
    const schema = OWNER_ADMIN_CHANNELS[channel].output;
    if (!Value.Check(schema, value)) throw nonsense();
    return Value.Clean(schema, structuredClone(value)) as ReturnType<OwnerAdminHandlers[C]>; // checked just above
  };
  return {
    'admin:createInvite': async (input) => shaped('admin:createInvite', await call('POST', 'invites', input)),
    'admin:invites': async () => shaped('admin:invites', await call('GET', 'invites')),
    'admin:withdrawInvite': async (input) => {
      await call('POST', `invites/${encodeURIComponent(input.id)}/withdraw`, {});
      return null;
    },
    'admin:setUserActive': async (input) => {
      const verb = input.active ? 'reactivate' : 'deactivate';
      const status = await call('POST', `users/${encodeURIComponent(input.userId)}/${verb}`, {});
      await pullNow();
      return shaped('admin:setUserActive', status);
    },
    'admin:revokeDevice': async (input) => {
      const revoked = await call('POST', `devices/${encodeURIComponent(input.deviceId)}/revoke`, {});
      await pullNow();
      return shaped('admin:revokeDevice', revoked);
    },
    'admin:createSite': async (input) => {
      const created = await call('POST', 'sites', input);
      await pullNow();
      return shaped('admin:createSite', created);
    },
    'admin:numberSeries': async (input) => {
      const query = input.fiscalYear ? `?fiscalYear=${encodeURIComponent(input.fiscalYear)}` : '';
      return shaped('admin:numberSeries', await call('GET', `reports/number-series${query}`));
    },
    'session:join': async (input) => {
      await call('POST', 'invites/accept', input, { anonymous: true });
      return deps.counter.login({ email: input.email, password: input.password });
    },
  };
}

export type ServerCall = (
  method: Method,
  path: string,
  body?: unknown,
  options?: { anonymous?: boolean },
) => Promise<unknown>;

async function userToken(deps: OwnerAdminDeps): Promise<string> {
  let token = accessTokenOf(deps.secrets, deps.clock());
  if (!token) {
    // A sync refreshes the user's tokens when they are about to expire; offline it cannot.
    await deps.counter.syncNow();
    token = accessTokenOf(deps.secrets, deps.clock());
  }
  if (!token) throw new DomainError('unauthenticated', 'sign in with your password while online to do this');
  return token;
}

/** One call to /api/v1/<path>, as the signed-in user unless anonymous; answers the envelope's `data`. */
export function serverCaller(deps: OwnerAdminDeps): ServerCall {
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
      throw new DomainError('unavailable', OFFLINE);
    }
    return dataOf(await response.json().catch(() => null));
  };
}

function dataOf(envelope: unknown): unknown {
  if (typeof envelope !== 'object' || envelope === null) throw new DomainError('unavailable', OFFLINE);
  const { data, error } = envelope as { data?: unknown; error?: unknown }; // the /api/v1 envelope, checked below
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const code = isErrorCode(error.code) ? error.code : 'unavailable';
    throw new DomainError(code, String(error.message));
  }
  if (data === undefined) throw nonsense();
  return data;
}

/** For a core without server access (tests, the headless CLI): every call says so. */
export function unavailableOwnerAdminHandlers(): OwnerAdminHandlers {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the server for administration');
  };
  return {
    'admin:createInvite': refuse,
    'admin:invites': refuse,
    'admin:withdrawInvite': refuse,
    'admin:setUserActive': refuse,
    'admin:revokeDevice': refuse,
    'admin:createSite': refuse,
    'admin:numberSeries': refuse,
    'session:join': refuse,
  };
}
