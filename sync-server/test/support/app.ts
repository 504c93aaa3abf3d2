import { randomBytes } from 'node:crypto';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared';
import type { Logger } from 'pino';
import { createTenant, createSite, createUser, createEnrolmentCode } from '../../src/admin/index.ts';
import { buildApp, type ForecourtApp } from '../../src/app.ts';
import { loadConfig, type ServerConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/db/database.ts';
import { createSyncEngine } from '../../src/sync/engine.ts';
import type { SyncEngine } from '../../src/sync/types.ts';
import { createTestClock, type TestClock } from './clock.ts';
import { silentLogger, type DatabaseKind } from './databases.ts';

export interface TestServer {
  readonly app: ForecourtApp;
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly clock: TestClock;
  close(): Promise<void>;
}

/** The real app on a fresh database of the given kind (one per test file, opened in beforeAll). */
export async function startTestServer(
  kind: DatabaseKind,
  options: {
    logger?: Logger;
    config?: Partial<ServerConfig>;
    /** Replaces what the app sees (not what the test setup uses) to simulate failures. */
    wrapEngine?: (engine: SyncEngine) => SyncEngine;
    wrapDatabase?: (db: Database) => Database;
  } = {},
): Promise<TestServer> {
  const database = await kind.open();
  const clock = createTestClock();
  const logger = options.logger ?? silentLogger;
  const engine = createSyncEngine({ db: database.db, logger, clock });
  await engine.start();
  const config = loadConfig({}, { tokenSecret: null, ...options.config });
  const appEngine = options.wrapEngine ? options.wrapEngine(engine) : engine;
  const appDb = options.wrapDatabase ? options.wrapDatabase(database.db) : database.db;
  const app = buildApp({ db: appDb, engine: appEngine, logger, config, clock });
  await app.ready();
  return {
    app,
    db: database.db,
    engine,
    clock,
    async close() {
      await app.close();
      await engine.stop();
      await database.drop();
    },
  };
}

export const PROTOCOL = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

/** Emails are unique server-wide: every seeded user gets its own. */
export function uniqueEmail(name: string): string {
  return `${name}.${randomBytes(6).toString('hex')}@example.test`;
}

export interface SeededTenant {
  tenantId: string;
  ownerId: string;
  ownerEmail: string;
  siteId: string;
  otherSiteId: string;
  password: string;
}

export const PASSWORD = 'correct horse battery';

/** A tenant with its owner and two sites (codes BLR1 and MYS1). */
export async function seedTenant(server: TestServer, country: 'IN' | 'CH' = 'IN'): Promise<SeededTenant> {
  const deps = { db: server.db, engine: server.engine, clock: server.clock };
  const ownerEmail = uniqueEmail('owner');
  const { tenantId, ownerId } = await createTenant(deps, {
    name: 'Garage',
    country,
    ownerEmail,
    ownerPassword: PASSWORD,
  });
  const { siteId } = await createSite(deps, { tenantId, name: 'Bengaluru', code: 'BLR1' });
  const other = await createSite(deps, { tenantId, name: 'Mysuru', code: 'MYS1' });
  return { tenantId, ownerId, ownerEmail, siteId, otherSiteId: other.siteId, password: PASSWORD };
}

export async function seedUser(
  server: TestServer,
  tenant: SeededTenant,
  role: 'owner' | 'manager' | 'staff' | 'viewer',
  siteId: string | undefined = tenant.siteId,
): Promise<{ userId: string; email: string }> {
  const email = uniqueEmail(role);
  const deps = { db: server.db, engine: server.engine, clock: server.clock };
  const { userId } = await createUser(deps, { tenantId: tenant.tenantId, email, password: PASSWORD, role, siteId });
  return { userId, email };
}

export interface EnrolledTestDevice {
  deviceId: string;
  deviceSecret: string;
  deviceCode: string;
  siteId: string | null;
  authorization: string;
}

/** Enrols a device through the HTTP route with an operator-issued code. */
export async function enrolTestDevice(
  server: TestServer,
  target: { siteId: string } | { tenantId: string; scope: 'tenant' },
): Promise<EnrolledTestDevice> {
  const { code } = await createEnrolmentCode({ db: server.db, clock: server.clock }, target);
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/devices/enrol',
    headers: PROTOCOL,
    payload: { code, name: 'Counter PC' },
  });
  if (response.statusCode !== 201) throw new Error(`enrolment failed: ${response.body}`);
  const data = response.json<{ data: Omit<EnrolledTestDevice, 'authorization'> }>().data;
  return { ...data, authorization: `Device ${data.deviceId}.${data.deviceSecret}` };
}

export interface TestSession {
  accessToken: string;
  refreshToken: string;
}

export async function signInOn(
  server: TestServer,
  device: EnrolledTestDevice,
  email: string,
  password = PASSWORD,
): Promise<TestSession> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { ...PROTOCOL, authorization: device.authorization },
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return response.json<{ data: TestSession }>().data;
}

/** A logger that keeps every line (at trace level) for assertions about what gets logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}
