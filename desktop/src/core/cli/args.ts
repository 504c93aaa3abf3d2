import { DomainError } from '@forecourt/shared';

export interface ParsedArgs {
  readonly dataDir: string | null;
  readonly command: string | null;
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

/** Flags that never take a value. */
const SWITCHES = new Set(['live', 'include-deleted', 'descending', 'help']);

/**
 * `forecourt-device [--data DIR] <command> [args] [--flag value]`; `--data` and every flag may
 * come before or after the command, as `--flag value` or `--flag=value`.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) options.set(name, inline);
    else if (SWITCHES.has(name)) options.set(name, true);
    else {
      const value = argv[index + 1];
      if (value === undefined) throw new DomainError('invalid', `--${name} needs a value`);
      options.set(name, value);
      index += 1;
    }
  }
  const data = options.get('data');
  options.delete('data');
  return {
    dataDir: typeof data === 'string' ? data : null,
    command: positionals[0] ?? null,
    positionals: positionals.slice(1),
    options,
  };
}

export function requiredOption(args: ParsedArgs, name: string, fallback?: string): string {
  const value = args.options.get(name) ?? fallback;
  if (typeof value !== 'string' || value === '') throw new DomainError('invalid', `--${name} is required`);
  return value;
}

export function optionalOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function requiredPositional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new DomainError('invalid', `${args.command ?? 'the command'} needs ${what}`);
  return value;
}

export function parseJsonArgument(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('invalid', `${what} is not valid JSON`);
  }
}

export const USAGE = `usage: forecourt-device --data DIR <command>
  enrol --server URL --code CODE --name NAME   enrol this replica as a counter device
  login --email E --password P                 sign in online (or FORECOURT_PASSWORD)
  login-pin --email E --pin PIN                sign in offline with a PIN
  set-pin PIN                                  set the signed-in user's offline PIN
  logout                                       sign out
  mutate NAME JSON                             run a mutation locally; prints its result
  query TABLE [--where JSON] [--order-by C] [--descending] [--limit N] [--include-deleted]
  get TABLE ID                                 one row, tombstones included
  sync [--live]                                push and pull until caught up (or stay live)
  shell                                        read commands from stdin, one JSON array of arguments
                                               per line (["status"]); answer one JSON line each
  status                                       the sync status
  pending                                      mutations not yet confirmed by the server
  doc job-card|invoice JOB --out FILE.pdf      a job's job card or invoice as PDF (JOB: id or number)
  export jobs|payments|settlements --out FILE.xlsx [--from DAY] [--to DAY] [--site ID]
         [--status S] [--manager USER_ID] [--tz ZONE]   Excel export with the dashboard's filters
  mutations                                    registered mutations and their input schemas`;
