import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors in every log line. Request bodies are never logged on purpose; these paths
 * are the second line of defence for a handler that logs an object carrying a secret.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-user-token"]',
  'req.headers.cookie',
  'req.query',
  'headers.authorization',
  'headers["x-user-token"]',
  'body.password',
  'body.refreshToken',
  'body.code',
  'body.pin',
  'password',
  'refreshToken',
  'accessToken',
  'deviceSecret',
  'pin',
  'secret',
  'token',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.deviceSecret',
  '*.pin',
  '*.secret',
  '*.token',
];

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  const settings = { level: options.level, redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
