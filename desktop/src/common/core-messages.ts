import type { ApiResult } from './api.ts';
import type { ApiEvent, AppInfo } from './schemas.ts';

/**
 * Messages between Electron's main process and the counter core in its utilityProcess. Main
 * has already validated every call against the contract; the core answers with ApiResults and
 * pushes its events. Secrets travel because only main may use safeStorage: main decrypts them
 * for the core at start, and the core hands back every change for main to encrypt and store.
 */
export type SecretValues = Readonly<Record<string, string>>;

export interface CoreStartConfig {
  readonly dataDir: string;
  readonly logFile: string;
  readonly migrationsDir: string;
  readonly secrets: SecretValues;
  readonly suggestedEnrolment: AppInfo['suggestedEnrolment'];
}

export type MainToCore =
  | { readonly type: 'start'; readonly config: CoreStartConfig }
  | { readonly type: 'call'; readonly id: number; readonly channel: string; readonly input: unknown }
  | { readonly type: 'shutdown' };

export type CoreToMain =
  | { readonly type: 'ready'; readonly features: AppInfo['features'] }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: ApiResult<unknown> }
  | { readonly type: 'event'; readonly event: ApiEvent }
  | { readonly type: 'secret'; readonly name: string; readonly value: string | null }
  | { readonly type: 'closed' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Only the shapes above are acted on; anything else on the port is ignored. */
export function isMainToCore(value: unknown): value is MainToCore {
  if (!isRecord(value)) return false;
  if (value.type === 'call') return typeof value.id === 'number' && typeof value.channel === 'string';
  if (value.type === 'start') return isRecord(value.config) && typeof value.config.dataDir === 'string';
  return value.type === 'shutdown';
}

export function isCoreToMain(value: unknown): value is CoreToMain {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'result':
      return typeof value.id === 'number' && isRecord(value.result);
    case 'event':
      return isRecord(value.event);
    case 'secret':
      return typeof value.name === 'string' && (typeof value.value === 'string' || value.value === null);
    case 'ready':
      return isRecord(value.features);
    case 'failed':
      return typeof value.message === 'string';
    case 'closed':
      return true;
    default:
      return false;
  }
}
