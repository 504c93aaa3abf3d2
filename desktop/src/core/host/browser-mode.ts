import { join } from 'node:path';
import { openCounter, type CounterCore, type OpenCounterOptions } from '../counter.ts';
import type { Logger } from '../logger.ts';
import { startBrowserServer, type BrowserServer } from '../browser-server.ts';
import { createCoreService } from './core-service.ts';
import { createEnrolmentCodeIssuer } from './enrolment-codes.ts';
import { createIntegrationHandlers } from './integrations.ts';
import { createOwnerAdminHandlers } from './owner-admin.ts';
import { createCounterPaymentHandlers } from './counter-payments.ts';
import { createBillingHandlers } from './billing.ts';
import { createFileSecretStore } from './file-secret-store.ts';
import type { Pairing } from './pairing.ts';
import type { AppInfo } from '../../common/schemas.ts';

/**
 * A counter core in this process serving the UI to browsers: what `npm start` runs when Electron
 * cannot start, what the end-to-end tests drive, and how a counter PC serves a tablet.
 */
export interface BrowserModeOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly logger: Logger;
  readonly port?: number;
  readonly lan?: boolean;
  readonly version?: string;
  readonly suggestedEnrolment?: AppInfo['suggestedEnrolment'];
  /** LAN pairing (default: six random digits, new after each pairing and five wrong tries). */
  readonly pairing?: Pairing;
  /** Passed on to openCounter (fetch, clock, sync tuning, ...). */
  readonly counter?: Omit<OpenCounterOptions, 'dataDir' | 'secretStore' | 'logger'>;
}

export interface BrowserMode {
  readonly counter: CounterCore;
  readonly server: BrowserServer;
  close(): Promise<void>;
}

export async function runBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const secrets = createFileSecretStore(join(options.dataDir, 'secrets.json'));
  const counter = openCounter({
    ...options.counter,
    dataDir: options.dataDir,
    secretStore: secrets,
    logger: options.logger,
  });
  const fetcher = options.counter?.fetch ?? globalThis.fetch;
  const serverAccess = {
    counter,
    secrets,
    fetch: (input: string | URL | Request, init?: RequestInit) => fetcher(String(input), init),
    clock: options.counter?.clock ?? Date.now,
  };
  const issuer = createEnrolmentCodeIssuer(serverAccess);
  const core = createCoreService(
    counter,
    issuer,
    Date.now,
    createIntegrationHandlers(serverAccess),
    createOwnerAdminHandlers(serverAccess),
    createCounterPaymentHandlers(serverAccess),
    createBillingHandlers(serverAccess),
  );
  let server: BrowserServer;
  try {
    server = await startBrowserServer({
      core,
      rendererDir: options.rendererDir,
      port: options.port ?? 0,
      lan: options.lan ?? false,
      version: options.version ?? '0.1.0',
      suggestedEnrolment: options.suggestedEnrolment ?? null,
      log: options.logger,
      ...(options.pairing ? { pairing: options.pairing } : {}),
    });
  } catch (error) {
    core.dispose();
    await counter.close();
    throw error;
  }
  if (counter.identity()) counter.startSync();
  return {
    counter,
    server,
    async close() {
      await server.close();
      core.dispose();
      await counter.close();
    },
  };
}
