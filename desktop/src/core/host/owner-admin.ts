import { DomainError } from '@forecourt/shared/errors';
import { Value } from 'typebox/value';
import type { ChannelHandlers } from '../../common/api.ts';
import { OWNER_ADMIN_CHANNELS } from '../../common/owner-admin-contract.ts';
import type { CounterApi } from '../counter-api.ts';
import type { EnrolmentCodeDeps } from './enrolment-codes.ts';
import { serverCaller } from './server-call.ts';

export type OwnerAdminChannel = keyof typeof OWNER_ADMIN_CHANNELS;
export type OwnerAdminHandlers = ChannelHandlers<OwnerAdminChannel>;

/** What the enrolment-code issuer needs, plus sign-in (joining ends signed in). */
export interface OwnerAdminDeps extends Omit<EnrolmentCodeDeps, 'counter'> {
  readonly counter: Pick<CounterApi, 'identity' | 'syncNow' | 'login'>;
}

const OFFLINE = 'the server cannot be reached; this needs the internet';
const nonsense = () => new DomainError('unavailable', 'the server answered nonsense');

/**
 * Company administration, answered by the sync server (/api/v1/invites, users, sites, devices,
 * reports) as the signed-in user. The server decides who may do what; this side carries the
 * token, turns the `{data, error}` envelope into values or DomainErrors, checks the answer against
 * the channel's output schema, and pulls afterwards so the changed rows show at once.
 */
export function createOwnerAdminHandlers(deps: OwnerAdminDeps): OwnerAdminHandlers {
  const call = serverCaller(deps, OFFLINE);
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
    'admin:setUserRole': async (input) => {
      const changed = await call('POST', `users/${encodeURIComponent(input.userId)}/role`, {
        role: input.role,
        siteId: input.siteId,
      });
      await pullNow();
      return shaped('admin:setUserRole', changed);
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
    'admin:setUserRole': refuse,
    'admin:revokeDevice': refuse,
    'admin:createSite': refuse,
    'admin:numberSeries': refuse,
    'session:join': refuse,
  };
}
