import { DomainError } from '@forecourt/shared/errors';
import { Value } from 'typebox/value';
import type { ChannelHandlers } from '../../common/api.ts';
import type { ChannelOutput } from '../../common/contract.ts';
import { TERMINAL_READER_CHANNELS } from '../../common/terminal-reader-schemas.ts';
import type { ServerCall } from './server-call.ts';

type TerminalReaderChannel = keyof typeof TERMINAL_READER_CHANNELS;
type Reader = ChannelOutput<'integrations:registerTerminalReader'>;

const NONSENSE = () => new DomainError('unavailable', 'the server answered nonsense');

/** A reader as the server sends it, kept to the contract's fields (Stripe's ids null from an older server). */
function readerOf(value: unknown): Reader {
  if (typeof value !== 'object' || value === null) throw NONSENSE();
  const row = value as Record<string, unknown>; // checked against the schema below
  const reader = {
    id: row.id,
    siteId: row.siteId,
    label: row.label,
    deviceType: row.deviceType ?? null,
    mode: row.mode,
    stripeReaderId: row.stripeReaderId ?? null,
    locationId: row.locationId ?? null,
    busy: row.busy === true,
  };
  if (!Value.Check(TERMINAL_READER_CHANNELS['integrations:registerTerminalReader'].output, reader)) throw NONSENSE();
  return reader as Reader; // checked just above
}

/**
 * The owner's "Card readers" panel, answered by the sync server as the signed-in user (the server
 * checks the role, the sites and the tenant; it turns Stripe's refusals into plain sentences).
 */
export function terminalReaderHandlers(call: ServerCall): ChannelHandlers<TerminalReaderChannel> {
  return {
    'integrations:terminalReaders': async () => {
      const data = await call('GET', 'integrations/terminal/readers');
      if (typeof data !== 'object' || data === null) throw NONSENSE();
      const { mode, readers } = data as { mode?: unknown; readers?: unknown }; // checked below
      if ((mode !== 'live' && mode !== 'sandbox') || !Array.isArray(readers)) throw NONSENSE();
      return { mode, readers: readers.map(readerOf) };
    },
    'integrations:registerTerminalReader': async (input) =>
      readerOf(
        await call('POST', 'integrations/terminal/readers', {
          requestId: input.requestId,
          siteId: input.siteId,
          registrationCode: input.registrationCode,
          label: input.label,
          locationId: input.locationId,
        }),
      ),
  };
}

export function unavailableTerminalReaderHandlers(): ChannelHandlers<TerminalReaderChannel> {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the server for card readers');
  };
  return { 'integrations:terminalReaders': refuse, 'integrations:registerTerminalReader': refuse };
}
