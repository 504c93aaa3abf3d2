import { DomainError, isDomainError } from '@forecourt/shared';
import type { CounterApi } from '../counter-api.ts';
import type { Logger } from '../logger.ts';
import { parseArgs, type ParsedArgs } from './args.ts';

export interface ShellAnswer {
  readonly value?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ShellDeps {
  readonly counter: CounterApi;
  /** The input, line by line (stdin). */
  readonly lines: AsyncIterable<string>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  readonly untilStopped: () => Promise<void>;
  /** Runs one ordinary command on the shell's counter. */
  readonly run: (args: ParsedArgs) => Promise<ShellAnswer>;
  readonly print: (answer: ShellAnswer) => void;
  readonly logger: Logger;
}

const STOPPED = Symbol('stopped');

/**
 * `forecourt-device --data DIR shell`: one open counter, many commands. Each input line is a JSON
 * array of the arguments a one-shot command takes (without --data), for example
 * `["mutate","customer.create","{\"name\":\"Asha\"}"]`; each answer is one output line,
 * `{"value":…}`, `{"error":{code,message}}`, or both for a sync that failed. `["sync","--live"]`
 * starts syncing in the background, as the app does (timers, pushes after local writes, live
 * pokes), and answers at once. The shell ends at the end of its input or when stopped.
 *
 * Why: a script, a support session or a fault test drives one counter for minutes like the app
 * would, without a Node start-up per command and with the sync client's state kept in memory.
 */
export async function runShell(deps: ShellDeps): Promise<void> {
  const lines = deps.lines[Symbol.asyncIterator]();
  const stopped = deps.untilStopped().then((): typeof STOPPED => STOPPED);
  try {
    for (;;) {
      const next = await Promise.race([lines.next(), stopped]);
      if (next === STOPPED || next.done) return;
      if (next.value.trim() === '') continue;
      deps.print(await answer(deps, next.value));
    }
  } finally {
    await lines.return?.();
  }
}

async function answer(deps: ShellDeps, line: string): Promise<ShellAnswer> {
  try {
    const args = parseArgs(shellArguments(line));
    if (args.command === 'shell') throw new DomainError('invalid', 'already in a shell');
    if (args.command === 'sync' && args.options.has('live')) {
      deps.counter.startSync();
      return { value: deps.counter.status() };
    }
    return await deps.run(args);
  } catch (error) {
    if (isDomainError(error)) return { error: error.toJSON() };
    deps.logger.error({ err: error }, 'forecourt-device shell command failed');
    return { error: { code: 'internal', message: 'unexpected error; see the log' } };
  }
}

function shellArguments(line: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new DomainError('invalid', 'a shell line is a JSON array of strings, e.g. ["status"]');
  }
  return parsed;
}
