import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import { isErrorCode } from '@forecourt/shared/errors';
import type { ApiResult } from './api.ts';
import { CONTRACT, isChannel, type Channel, type ChannelInput, type ChannelOutput } from './contract.ts';
import type { ApiErrorBody } from './schemas.ts';

/**
 * Runtime checks of the contract, for the receiving side of every boundary (Electron main, the
 * browser-mode server). Not for the renderer: the compiled validators need `new Function`, which
 * the renderer's CSP forbids on purpose.
 */
export interface ContractGuard {
  /** The input as the channel's type, or the `invalid` error to answer with. */
  input<C extends Channel>(channel: C, value: unknown): ApiResult<ChannelInput<C>>;
  output<C extends Channel>(channel: C, value: unknown): ApiResult<ChannelOutput<C>>;
}

type ValidatorPair = { input: Validator; output: Validator };

export function createContractGuard(): ContractGuard {
  const validators = new Map<Channel, ValidatorPair>();
  const pairFor = (channel: Channel): ValidatorPair => {
    let pair = validators.get(channel);
    if (!pair) {
      pair = { input: Compile(CONTRACT[channel].input), output: Compile(CONTRACT[channel].output) };
      validators.set(channel, pair);
    }
    return pair;
  };
  const check = <T>(validator: Validator, value: unknown, what: string): ApiResult<T> => {
    if (validator.Check(value)) return { ok: true, data: value as T }; // Check proved the shape of T
    const first = validator.Errors(value)[0];
    const where = first ? `${first.instancePath || '/'} ${first.message}` : 'does not match';
    return { ok: false, error: { code: 'invalid', message: `${what}: ${where}` } };
  };
  return {
    input: (channel, value) => check(pairFor(channel).input, value, `${channel} input`),
    output: (channel, value) => check(pairFor(channel).output, value, `${channel} output`),
  };
}

export function unknownChannelError(channel: unknown): ApiErrorBody {
  const name = typeof channel === 'string' ? channel.slice(0, 60) : typeof channel;
  return { code: 'invalid', message: `unknown channel ${name}` };
}

export { isChannel };

/**
 * Maps a thrown value to what may cross the boundary. Expected failures (a DomainError or
 * anything carrying a known error code) keep their message; anything else is a bug, reported
 * to `onBug` with its stack and answered with a generic message that leaks nothing internal.
 */
export function errorBodyOf(error: unknown, onBug: (error: unknown) => void): ApiErrorBody {
  if (error instanceof Error && 'code' in error && isErrorCode(error.code)) {
    return { code: error.code, message: error.message };
  }
  onBug(error);
  return { code: 'internal', message: 'Something went wrong in the counter. The error was logged.' };
}
