import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../../../sync-server/src/admin/index.ts';
import { buildApp, type ForecourtApp } from '../../../../sync-server/src/app.ts';
import { loadConfig } from '../../../../sync-server/src/config.ts';
import { createSyncEngine } from '../../../../sync-server/src/sync/engine.ts';
import { openTestPglite, silentLogger as serverLogger } from '../../../../sync-server/test/support/databases.ts';
import { openCounter, type CounterCore } from '../../../src/core/counter.ts';
import { createCounterPaymentHandlers, type CounterPaymentHandlers } from '../../../src/core/host/counter-payments.ts';
import { createFileSecretStore } from '../../../src/core/host/file-secret-store.ts';
import type { SecretStore } from '../../../src/core/auth/secret-store.ts';
import { silentLogger } from '../../../src/core/logger.ts';

export interface PaymentsServerOptions {
  /** The company: its name, its owner's email domain (`owner@<domain>`), one site `BLR1` in India. */
  readonly tenantName: string;
  readonly domain: string;
  readonly password: string;
  /** Further users of the site, by the local part of their email. */
  readonly users: ReadonlyArray<{ readonly name: string; readonly role: 'manager' | 'staff' | 'viewer' }>;
}

/** The real server app on PGlite, listening on loopback, with one company and one site. */
export interface PaymentsServer {
  readonly app: ForecourtApp;
  readonly tenantId: string;
  readonly siteId: string;
  /** A counter enrolled for the site, signed in as `email`, synced once, with its payment handlers. */
  signedInCounter(email: string): Promise<{ counter: CounterCore; pay: CounterPaymentHandlers; secrets: SecretStore }>;
  close(): Promise<void>;
}

/**
 * What the counter-payment tests share: the server (its integrations configured by the caller's
 * environment stubs, made before this is called) and counters signed in against it.
 */
export async function startPaymentsServer(options: PaymentsServerOptions): Promise<PaymentsServer> {
  const database = await openTestPglite();
  const engine = createSyncEngine({ db: database.db, logger: serverLogger, clock: Date.now });
  await engine.start();
  const config = loadConfig({}, { tokenSecret: `${options.domain}-secret-0123456789abcdef0123456789` });
  const app = buildApp({ db: database.db, engine, logger: serverLogger, config, clock: Date.now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`; // a TCP listener: AddressInfo
  const deps = { db: database.db, engine, clock: Date.now };
  const { tenantId } = await createTenant(deps, {
    name: options.tenantName,
    country: 'IN',
    ownerEmail: `owner@${options.domain}`,
    ownerPassword: options.password,
  });
  const { siteId } = await createSite(deps, { tenantId, name: 'Bengaluru', code: 'BLR1' });
  for (const user of options.users) {
    await createUser(deps, {
      tenantId,
      email: `${user.name}@${options.domain}`,
      password: options.password,
      role: user.role,
      siteId,
    });
  }
  const folders: string[] = [];
  const counters: CounterCore[] = [];
  return {
    app,
    tenantId,
    siteId,
    async signedInCounter(email) {
      const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-pay-'));
      folders.push(dataDir);
      const secrets = createFileSecretStore(join(dataDir, 'secrets.json'));
      const counter = openCounter({ dataDir, logger: silentLogger, secretStore: secrets });
      counters.push(counter);
      const { code } = await createEnrolmentCode({ db: database.db, clock: Date.now }, { siteId });
      await counter.enrol({ serverUrl: url, code, name: 'Counter' });
      await counter.login({ email, password: options.password });
      await counter.syncNow();
      const pay = createCounterPaymentHandlers({ counter, secrets, fetch: globalThis.fetch, clock: Date.now });
      return { counter, pay, secrets };
    },
    async close() {
      for (const counter of counters) await counter.close();
      await app.close();
      await engine.stop();
      await database.drop();
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}
