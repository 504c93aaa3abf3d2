import { DomainError } from '@forecourt/shared/errors';
import { Value } from 'typebox/value';
import type { ChannelHandlers } from '../../common/api.ts';
import type { ChannelOutput } from '../../common/contract.ts';
import { EV_LINK_CHANNELS } from '../../common/ev-link-schemas.ts';
import type { ServerCall } from './server-call.ts';

type EvLinkChannel = keyof typeof EV_LINK_CHANNELS;

/** Keeps to what the contract names, or says the server answered nonsense. */
function checked<C extends EvLinkChannel>(channel: C, answer: unknown): ChannelOutput<C> {
  const schema = EV_LINK_CHANNELS[channel].output;
  if (!Value.Check(schema, answer)) throw new DomainError('unavailable', 'the server answered nonsense');
  return Value.Clean(schema, structuredClone(answer)) as ChannelOutput<C>; // checked just above
}

/**
 * The owner's "Link EV data (Enode)" panel on a fleet car, answered by the sync server as the
 * signed-in user (which checks the owner role and the tenant). Online only.
 */
export function evLinkHandlers(call: ServerCall): ChannelHandlers<EvLinkChannel> {
  const path = (vehicleId: string) => `integrations/enode/links/${encodeURIComponent(vehicleId)}`;
  return {
    'integrations:evLinkState': async (input) =>
      checked('integrations:evLinkState', await call('GET', path(input.vehicleId))),
    'integrations:evLink': async (input) =>
      checked('integrations:evLink', await call('POST', 'integrations/enode/links', { vehicleId: input.vehicleId })),
    'integrations:evUnlink': async (input) =>
      checked('integrations:evUnlink', await call('DELETE', path(input.vehicleId))),
  };
}

export function unavailableEvLinkHandlers(): ChannelHandlers<EvLinkChannel> {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the server for EV links');
  };
  return { 'integrations:evLinkState': refuse, 'integrations:evLink': refuse, 'integrations:evUnlink': refuse };
}
