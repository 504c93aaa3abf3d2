import { readFileSync } from 'node:fs';

function readVersion(): string {
  const raw: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof raw === 'object' && raw !== null && 'version' in raw ? raw.version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The sync server's software version (sync-server/package.json). */
export const SERVER_VERSION = readVersion();
