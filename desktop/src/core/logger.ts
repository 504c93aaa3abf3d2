import pino from 'pino';

/**
 * The structured logger the core writes to: object first, message second (pino's shape), so
 * that pino or a test double can be passed in. Never log tokens, secrets or personal data.
 */
export interface Logger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** pino writing JSON lines to stderr, so that stdout stays free for the CLI's output. */
export function defaultLogger(level: string = process.env.FORECOURT_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { component: 'counter-core' } }, pino.destination(2));
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
