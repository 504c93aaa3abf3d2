import { parseArgs } from 'node:util';
import { DomainError } from '@forecourt/shared';

export const CLI_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  name: { type: 'string' },
  country: { type: 'string' },
  'owner-email': { type: 'string' },
  'owner-password': { type: 'string' },
  'owner-name': { type: 'string' },
  tenant: { type: 'string' },
  code: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
  site: { type: 'string' },
  'all-sites': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseCommandLine>['values'];

export function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs reports unknown or malformed options with a readable message and no secrets.
    throw new DomainError('invalid', error instanceof Error ? error.message : 'cannot read the arguments');
  }
}

export function requireOption(values: CliValues, name: keyof CliValues): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new DomainError('invalid', `--${name} is required`);
  return value;
}

export function optionalOption(values: CliValues, name: keyof CliValues): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parsePortOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DomainError('invalid', '--port must be 0-65535');
  return port;
}

export const USAGE = `forecourt-server start [--port N] [--host H] [--data DIR]
forecourt-server admin create-tenant --name NAME --country IN|CH --owner-email E --owner-password P [--owner-name N]
forecourt-server admin create-site --tenant T --name NAME --code CODE
forecourt-server admin create-user --tenant T --email E --password P --role owner|manager|staff|viewer [--site S] [--name N]
forecourt-server admin enrol-code --site S | --tenant T --all-sites
forecourt-server settings set NAME [VALUE]   (no VALUE: read from a pipe)
forecourt-server settings list | settings unset NAME
Admin and settings commands take --data DIR like start. Settings are provider secrets kept encrypted
in the database (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, DOCUSIGN_HMAC_KEYS, ENODE_WEBHOOK_SECRET,
TWILIO_AUTH_TOKEN, ...); the server reads them when it starts. Environment: DATABASE_URL, PORT, HOST,
FORECOURT_DATA_DIR, FORECOURT_TOKEN_SECRET, FORECOURT_SETTINGS_KEY, LOG_LEVEL.`;
