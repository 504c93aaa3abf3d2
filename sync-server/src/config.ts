import { join } from 'node:path';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** PGlite data folder, used when databaseUrl is null. */
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** HMAC secret for access tokens; null: generated once and kept in server_settings. */
  readonly tokenSecret: string | null;
  readonly logLevel: string;
  /** Live channel: ping interval; a socket that missed one pong is dropped. */
  readonly liveKeepaliveMs: number;
  /** Live channel: at most one poke per socket per this many milliseconds. */
  readonly livePokeIntervalMs: number;
  /** Failed sign-ins (per email and address) and failed enrolments (per address) allowed per window. */
  readonly failedAttemptLimit: number;
  readonly failedAttemptWindowMs: number;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got ${value}`);
  return port;
}

/** Configuration from the environment (DATABASE_URL, PORT, HOST, FORECOURT_DATA_DIR, ...), then overrides. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<ServerConfig> = {},
  cwd: string = process.cwd(),
): ServerConfig {
  return {
    port: parsePort(env.PORT),
    host: env.HOST || DEFAULT_HOST,
    dataDir: env.FORECOURT_DATA_DIR || join(cwd, '.data', 'server'),
    databaseUrl: env.DATABASE_URL || null,
    tokenSecret: env.FORECOURT_TOKEN_SECRET || null,
    logLevel: env.LOG_LEVEL || 'info',
    liveKeepaliveMs: 20_000,
    livePokeIntervalMs: 50,
    failedAttemptLimit: 10,
    failedAttemptWindowMs: 15 * 60_000,
    ...overrides,
  };
}
