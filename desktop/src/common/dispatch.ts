import type { ApiResult, ChannelHandlers } from './api.ts';
import { isChannel, type Channel, type ChannelOutput } from './contract.ts';
import { errorBodyOf, unknownChannelError, type ContractGuard } from './validate.ts';

export interface DispatchOptions {
  /** Check the output too. On by default; a wrong output is a bug and is answered as one. */
  readonly checkOutput?: boolean;
  readonly onBug: (error: unknown, context: { channel: string }) => void;
}

/**
 * One call through the contract on the receiving side: the channel must exist and be handled
 * here, the input must match its schema, and whatever the handler throws becomes `{code, message}`.
 */
export async function dispatch<C extends Channel>(
  guard: ContractGuard,
  handlers: Partial<ChannelHandlers<C>>,
  channel: unknown,
  rawInput: unknown,
  options: DispatchOptions,
): Promise<ApiResult<unknown>> {
  if (!isChannel(channel) || !Object.hasOwn(handlers, channel)) {
    return { ok: false, error: unknownChannelError(channel) };
  }
  const input = guard.input(channel, rawInput);
  if (!input.ok) return input;
  const onBug = (error: unknown) => options.onBug(error, { channel });
  try {
    const handler = handlers[channel as C] as (input: unknown) => Promise<unknown> | unknown; // hasOwn checked above
    const output: unknown = await handler(input.data);
    if (options.checkOutput === false) return { ok: true, data: output as ChannelOutput<C> }; // trusted caller
    const checked = guard.output(channel, output);
    if (!checked.ok) onBug(new Error(checked.error.message));
    return checked.ok ? checked : { ok: false, error: errorBodyOf(new Error('bad output'), () => undefined) };
  } catch (error) {
    return { ok: false, error: errorBodyOf(error, onBug) };
  }
}
