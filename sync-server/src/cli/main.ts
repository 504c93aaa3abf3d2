import { DomainError, isDomainError } from '@forecourt/shared';
import pino from 'pino';
import { loadConfig, type ServerConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startServer } from '../server.ts';
import { runSettingsCommand } from '../settings/commands.ts';
import { runAdminCommand } from './admin-commands.ts';
import { optionalOption, parseCommandLine, parsePortOption, USAGE, type CliValues } from './arguments.ts';

/**
 * The forecourt-server command. Results are one JSON line on stdout; failures are
 * `{"error":{"code","message"}}` on stderr with exit code 1; logs go to stderr.
 */
function configFrom(values: CliValues): ServerConfig {
  const port = parsePortOption(optionalOption(values, 'port'));
  const host = optionalOption(values, 'host');
  const dataDir = optionalOption(values, 'data');
  return loadConfig(process.env, {
    ...(port !== undefined ? { port } : {}),
    ...(host ? { host } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
}

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function start(config: ServerConfig): Promise<void> {
  const logger = createLogger({ level: config.logLevel, destination: pino.destination({ dest: 2, sync: true }) });
  const server = await startServer(config, logger);
  printJson({ listening: server.url, database: server.database });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck close must not keep the process from exiting when the supervisor asked it to.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function run(argv: readonly string[]): Promise<void> {
  const { positionals, values } = parseCommandLine(argv);
  const [command, subcommand] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = configFrom(values);
  if (command === 'start') return start(config);
  if (command === 'admin') {
    const level = process.env.LOG_LEVEL || 'warn';
    const logger = createLogger({ level, destination: pino.destination({ dest: 2, sync: true }) });
    printJson(await runAdminCommand(subcommand, values, config, logger));
    return;
  }
  if (command === 'settings') {
    const logger = createLogger({
      level: process.env.LOG_LEVEL || 'warn',
      destination: pino.destination({ dest: 2, sync: true }),
    });
    printJson(
      await runSettingsCommand(positionals.slice(1), {
        config,
        env: process.env,
        logger,
        clock: Date.now,
        readValue: readPipedValue,
      }),
    );
    return;
  }
  throw new DomainError('invalid', `unknown command ${command}; run forecourt-server help`);
}

/** `settings set NAME` without VALUE reads it from a pipe, keeping it out of the shell history. */
async function readPipedValue(): Promise<string> {
  if (process.stdin.isTTY)
    throw new DomainError('invalid', 'give the VALUE, or pipe it in: … | forecourt-server settings set NAME');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array)); // stdin yields Buffers
  return Buffer.concat(chunks).toString('utf8');
}

function reportFailure(error: unknown): void {
  const body = isDomainError(error)
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  process.stderr.write(`${JSON.stringify({ error: body })}\n`);
  process.exitCode = 1;
}

await run(process.argv.slice(2)).catch(reportFailure);
