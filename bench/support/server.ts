import type { AddressInfo } from 'node:net';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../sync-server/src/admin/index.ts';
import { buildApp } from '../../sync-server/src/app.ts';
import { loadConfig, type ServerConfig } from '../../sync-server/src/config.ts';
import type { Database } from '../../sync-server/src/db/database.ts';
import { createSyncEngine } from '../../sync-server/src/sync/engine.ts';
import type { SyncEngine } from '../../sync-server/src/sync/types.ts';
import { quietLogger } from './database.ts';

export const BENCH_PASSWORD = 'benchmark password 1';

export interface BenchServer {
  readonly url: string;
  readonly db: Database;
  readonly engine: SyncEngine;
  close(): Promise<void>;
}

/**
 * The real sync server (buildApp + engine, as sync-server/src/server.ts wires them) listening on
 * loopback with the production configuration, apart from a fixed token secret.
 */
export async function startBenchServer(db: Database, overrides: Partial<ServerConfig> = {}): Promise<BenchServer> {
  const clock = Date.now;
  const engine = createSyncEngine({ db, logger: quietLogger, clock });
  await engine.start();
  const config = loadConfig({}, { tokenSecret: 'benchmark-token-secret-0123456789abcdef', ...overrides });
  const app = buildApp({ db, engine, logger: quietLogger, config, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo; // listening on TCP: an AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    engine,
    async close() {
      await app.close();
      await engine.stop();
    },
  };
}

export interface SeededSite {
  readonly tenantId: string;
  readonly siteId: string;
  /** A manager of the site: every benchmark device signs in as them. */
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  /** One operator-issued enrolment code per device to enrol. */
  readonly codes: string[];
}

/** A tenant with one site, a manager of it, and enrolment codes, through the admin functions. */
export async function seedSite(server: Pick<BenchServer, 'db' | 'engine'>, devices: number): Promise<SeededSite> {
  const deps = { db: server.db, engine: server.engine, clock: Date.now };
  const tag = `${process.pid}${Date.now().toString(36)}`;
  const { tenantId } = await createTenant(deps, {
    name: `Bench ${tag}`,
    country: 'IN',
    ownerEmail: `owner.${tag}@bench.test`,
    ownerPassword: BENCH_PASSWORD,
  });
  const { siteId } = await createSite(deps, { tenantId, name: 'Bench site', code: 'BNCH' });
  const email = `manager.${tag}@bench.test`;
  const { userId } = await createUser(deps, { tenantId, email, password: BENCH_PASSWORD, role: 'manager', siteId });
  const codes: string[] = [];
  for (let i = 0; i < devices; i++) codes.push((await createEnrolmentCode(deps, { siteId })).code);
  return { tenantId, siteId, userId, email, password: BENCH_PASSWORD, codes };
}
