import { DomainError } from '@forecourt/shared/errors';
import { describe, expect, it } from 'vitest';
import { terminalReaderHandlers } from '../../src/core/host/terminal-readers.ts';
import type { ServerCall } from '../../src/core/host/server-call.ts';

/** The core's side of the card-readers panel: what it sends the server and what it keeps of the answer. */
describe('card reader handlers', () => {
  const reader = {
    id: '01a2429e-2915-7ebf-801c-f4c420eae030',
    siteId: '01a2429e-2915-7ebf-801c-f4c420eae031',
    label: 'Front desk',
    deviceType: 'bbpos_wisepos_e',
    mode: 'live',
    stripeReaderId: 'tmr_1',
    locationId: 'tml_1',
    busy: false,
  };
  const recording = (answer: unknown) => {
    const calls: Array<[string, string, unknown]> = [];
    const call: ServerCall = async (method, path, body) => {
      calls.push([method, path, body]);
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { calls, handlers: terminalReaderHandlers(call) };
  };

  it('lists readers, keeping the contract’s fields; an older server’s missing Stripe ids are null', async () => {
    const { stripeReaderId: _a, locationId: _b, ...older } = reader;
    const { calls, handlers } = recording({ mode: 'live', readers: [{ ...reader, secret: 'x' }, older] });
    const answer = await handlers['integrations:terminalReaders'](null);
    expect(calls).toEqual([['GET', 'integrations/terminal/readers', undefined]]);
    expect(answer.readers[0]).toEqual(reader);
    expect(answer.readers[1]).toMatchObject({ stripeReaderId: null, locationId: null });
  });

  it('registers with exactly the five fields, and passes the server’s refusal on unchanged', async () => {
    const input = {
      requestId: '01a2429e-2915-7ebf-801c-f4c420eae032',
      siteId: reader.siteId,
      registrationCode: 'sepia-cerulean-aardvark',
      label: 'Front desk',
      locationId: 'tml_1',
    };
    const ok = recording(reader);
    expect(await ok.handlers['integrations:registerTerminalReader'](input)).toEqual(reader);
    expect(ok.calls).toEqual([['POST', 'integrations/terminal/readers', input]]);
    const refused = recording(
      new DomainError('invalid', 'Stripe refused the reader: The registration code is invalid.'),
    );
    await expect(refused.handlers['integrations:registerTerminalReader'](input)).rejects.toMatchObject({
      code: 'invalid',
      message: 'Stripe refused the reader: The registration code is invalid.',
    });
  });

  it('says the server answered nonsense rather than passing a malformed reader on', async () => {
    for (const answer of [null, { mode: 'other', readers: [] }, { mode: 'live', readers: [{ id: 1 }] }]) {
      const { handlers } = recording(answer);
      await expect(handlers['integrations:terminalReaders'](null)).rejects.toMatchObject({ code: 'unavailable' });
    }
  });
});
