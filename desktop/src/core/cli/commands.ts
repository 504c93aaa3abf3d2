import { describeMutations, DomainError, isDomainError, isTableName, type Scalar } from '@forecourt/shared';
import type { CounterApi, QueryOptions, SyncStatus } from '../counter-api.ts';
import { openCounter, type OpenCounterOptions } from '../counter.ts';
import type { Logger } from '../logger.ts';
import {
  optionalOption,
  parseArgs,
  parseJsonArgument,
  requiredOption,
  requiredPositional,
  USAGE,
  type ParsedArgs,
} from './args.ts';
import { docCommand } from './doc-command.ts';
import { exportCommand } from './export-command.ts';
import { runShell } from './shell.ts';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `sync --live`. */
  readonly untilStopped: () => Promise<void>;
  /** Standard input line by line; only `shell` reads it. */
  readonly lines?: () => AsyncIterable<string>;
  readonly logger: Logger;
  /** Test seams: fetch, clock, timers, WebSocket for the counter the command opens. */
  readonly counterOptions?: Omit<OpenCounterOptions, 'dataDir' | 'logger'>;
}

type Output = { value: unknown; failed?: { code: string; message: string } };

const print = (io: CliIo, value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);

/** Runs one CLI invocation; returns the exit code. Offline commands never touch the network. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === null || args.options.has('help')) {
      io.stderr.write(`${USAGE}\n`);
      return args.command === null ? 1 : 0;
    }
    if (args.command === 'mutations') {
      print(io, describeMutations());
      return 0;
    }
    const dataDir = args.dataDir ?? io.env.FORECOURT_DATA;
    if (!dataDir) throw new DomainError('invalid', '--data DIR is required (or set FORECOURT_DATA)');
    const counter = openCounter({ ...io.counterOptions, dataDir, logger: io.logger });
    try {
      const output = await runCommand(counter, args, io);
      print(io, output.value);
      if (output.failed) {
        io.stderr.write(`${JSON.stringify({ error: output.failed })}\n`);
        return 1;
      }
      return 0;
    } finally {
      await counter.close();
    }
  } catch (error) {
    const body = isDomainError(error) ? error.toJSON() : { code: 'internal', message: 'unexpected error; see the log' };
    if (!isDomainError(error)) io.logger.error({ err: error }, 'forecourt-device failed');
    io.stderr.write(`${JSON.stringify({ error: body })}\n`);
    return 1;
  }
}

async function runCommand(counter: CounterApi, args: ParsedArgs, io: CliIo): Promise<Output> {
  switch (args.command) {
    case 'enrol':
      return {
        value: await counter.enrol({
          serverUrl: requiredOption(args, 'server'),
          code: requiredOption(args, 'code'),
          name: requiredOption(args, 'name'),
        }),
      };
    case 'login':
      return {
        value: await counter.login({
          email: requiredOption(args, 'email'),
          password: requiredOption(args, 'password', io.env.FORECOURT_PASSWORD),
        }),
      };
    case 'login-pin':
      return {
        value: counter.loginWithPin({ email: requiredOption(args, 'email'), pin: requiredOption(args, 'pin') }),
      };
    case 'set-pin':
      counter.setPin(requiredPositional(args, 0, 'a PIN'));
      return { value: { ok: true } };
    case 'logout':
      await counter.logout();
      return { value: { ok: true } };
    case 'mutate': {
      const name = requiredPositional(args, 0, 'a mutation name');
      const input = parseJsonArgument(args.positionals[1] ?? '{}', 'the mutation input');
      return { value: counter.mutate(name, input) };
    }
    case 'query':
      return { value: counter.query(tableArgument(args), queryOptions(args)) };
    case 'get':
      return { value: counter.get(tableArgument(args), requiredPositional(args, 1, 'a row id')) };
    case 'status':
      return { value: counter.status() };
    case 'pending':
      return { value: counter.pending() };
    case 'sync':
      return args.options.has('live') ? syncLive(counter, io) : syncOnce(counter);
    case 'shell':
      return shell(counter, io);
    case 'doc':
      return { value: await docCommand(args, io) };
    case 'export':
      return { value: await exportCommand(args, io) };
    default:
      throw new DomainError('invalid', `unknown command ${args.command ?? ''}; run with --help`);
  }
}

function tableArgument(args: ParsedArgs) {
  const table = requiredPositional(args, 0, 'a table name');
  if (!isTableName(table)) throw new DomainError('invalid', `unknown table ${table}`);
  return table;
}

function queryOptions(args: ParsedArgs): QueryOptions {
  const where = optionalOption(args, 'where');
  const limit = optionalOption(args, 'limit');
  const orderBy = optionalOption(args, 'order-by');
  const parsedWhere = where === undefined ? undefined : parseJsonArgument(where, '--where');
  if (
    parsedWhere !== undefined &&
    (typeof parsedWhere !== 'object' || parsedWhere === null || Array.isArray(parsedWhere))
  ) {
    throw new DomainError('invalid', '--where must be a JSON object of column values');
  }
  return {
    // Column names and value types are checked by the store (unknown columns are refused).
    ...(parsedWhere ? { where: parsedWhere as Record<string, Scalar> } : {}),
    ...(limit !== undefined ? { limit: Number(limit) } : {}),
    ...(orderBy !== undefined ? { orderBy } : {}),
    descending: args.options.has('descending'),
    includeDeleted: args.options.has('include-deleted'),
  };
}

function failureOf(status: SyncStatus): Output['failed'] {
  return status.lastError ? { code: status.lastError.code, message: status.lastError.message } : undefined;
}

async function syncOnce(counter: CounterApi): Promise<Output> {
  const status = await counter.syncNow();
  const failed = failureOf(status);
  return failed ? { value: status, failed } : { value: status };
}

/** Stays connected, printing one status line per change, until SIGINT/SIGTERM. */
async function syncLive(counter: CounterApi, io: CliIo): Promise<Output> {
  const unsubscribe = counter.subscribe((event) => {
    if (event.type === 'status') print(io, event.status);
  });
  print(io, counter.status());
  counter.startSync();
  await io.untilStopped();
  unsubscribe();
  await counter.stopSync();
  return { value: counter.status() };
}

/** Many commands on one open counter, one JSON line each way (see shell.ts). */
async function shell(counter: CounterApi, io: CliIo): Promise<Output> {
  if (!io.lines) throw new DomainError('invalid', 'shell needs an input to read commands from');
  await runShell({
    counter,
    lines: io.lines(),
    untilStopped: io.untilStopped,
    logger: io.logger,
    print: (answer) => print(io, answer),
    run: async (args) => {
      const output = await runCommand(counter, args, io);
      return output.failed ? { value: output.value, error: output.failed } : { value: output.value };
    },
  });
  return { value: { closed: true } };
}
