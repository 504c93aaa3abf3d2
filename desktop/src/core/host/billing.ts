import { DomainError } from '@forecourt/shared/errors';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared/sync/protocol';
import { Compile } from 'typebox/compile';
import type { ChannelHandlers } from '../../common/api.ts';
import { BillingNoticeSchema, BillingPlanSchema } from '../../common/billing-contract.ts';
import type { Channel } from '../../common/contract.ts';
import type { EnrolmentCodeDeps } from './enrolment-codes.ts';
import { serverCaller } from './server-call.ts';

export type BillingChannel = Extract<Channel, `billing:${string}`>;
export type BillingHandlers = ChannelHandlers<BillingChannel>;

const OFFLINE = 'the server cannot be reached; the plan and billing page needs the internet';
const PlanCheck = Compile(BillingPlanSchema);
const NoticeCheck = Compile(BillingNoticeSchema);
const NONSENSE = () => new DomainError('unavailable', 'the server answered nonsense');

/**
 * The owner's Plan and billing page and the lapsed-plan banner, answered by the sync server
 * (/api/v1/billing). Plan and choice go as the signed-in user (the server checks the owner role);
 * the banner's notice goes with this PC's device credential, so it shows for anyone signed in,
 * PIN sessions included.
 */
export function createBillingHandlers(deps: EnrolmentCodeDeps): BillingHandlers {
  const call = serverCaller(deps, OFFLINE);
  return {
    'billing:plan': async () => {
      const data = await call('GET', 'billing');
      if (!PlanCheck.Check(data)) throw NONSENSE();
      return data;
    },
    'billing:choose': async (input) => {
      const data = (await call('POST', 'billing/checkout', { tier: input.tier, requestId: input.requestId })) as {
        url?: unknown;
        outcome?: unknown;
      }; // checked field by field
      const outcome = data.outcome;
      if (outcome !== 'checkout' && outcome !== 'changed' && outcome !== 'activated') throw NONSENSE();
      return { url: typeof data.url === 'string' && data.url !== '' ? data.url : null, outcome };
    },
    'billing:notice': async () => {
      const identity = deps.counter.identity();
      const secret = deps.secrets.get('device-secret');
      if (!identity || !secret) throw new DomainError('unauthenticated', 'this PC is not enrolled');
      const base = identity.serverUrl.endsWith('/') ? identity.serverUrl : `${identity.serverUrl}/`;
      let response: Response;
      try {
        response = await deps.fetch(new URL('api/v1/billing/notice', base), {
          method: 'GET',
          headers: {
            authorization: `Device ${identity.deviceId}.${secret}`,
            [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          },
        });
      } catch {
        throw new DomainError('unavailable', OFFLINE);
      }
      const envelope = (await response.json().catch(() => null)) as { data?: unknown } | null; // checked below
      if (!response.ok || !NoticeCheck.Check(envelope?.data)) throw new DomainError('unavailable', OFFLINE);
      return envelope.data;
    },
  };
}

/** Where the core cannot reach a server on the user's behalf (tests, a core without secrets). */
export function unavailableBillingHandlers(): BillingHandlers {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the plan and billing page');
  };
  return { 'billing:plan': refuse, 'billing:choose': refuse, 'billing:notice': refuse };
}
