import { createInterface } from 'node:readline';
import { defaultLogger } from '../logger.ts';
import { runCli } from './commands.ts';

/** Entry point of `forecourt-device`: wires the process to runCli, nothing else. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/**
 * FORECOURT_CLOCK_OFFSET_MS shifts this counter's wall clock by a whole number of milliseconds,
 * to reproduce a PC whose clock is wrong or jumped (support, fault tests). Read here only: the
 * core takes its clock as a dependency and never reads the environment.
 */
function clockOffset(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const offset = Number(value);
  return Number.isSafeInteger(offset) ? offset : Number.NaN;
}

const offset = clockOffset(process.env.FORECOURT_CLOCK_OFFSET_MS);
if (Number.isNaN(offset)) {
  const message = 'FORECOURT_CLOCK_OFFSET_MS must be a whole number of milliseconds';
  process.stderr.write(`${JSON.stringify({ error: { code: 'invalid', message } })}\n`);
  process.exitCode = 1;
} else {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    untilStopped,
    lines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    logger: defaultLogger(),
    ...(offset !== null ? { counterOptions: { clock: () => Date.now() + offset } } : {}),
  });
}
