import pg from 'pg';
import { createEnrolmentCode, createSite, createTenant, createUser } from '../../../sync-server/src/admin/index.ts';
import type { Database } from '../../../sync-server/src/db/database.ts';
import { openPgDatabase } from '../../../sync-server/src/db/pg-database.ts';
import { createSyncEngine } from '../../../sync-server/src/sync/engine.ts';
import { createFreshPostgres, silentLogger } from '../../../sync-server/test/support/databases.ts';
import { SERVER_BIN, type Child, type Children } from './children.ts';
import { RoundRobinProxy } from './proxy.ts';

export const PASSWORD = 'process test password 1';
const TOKEN_SECRET = 'process-fault-test-secret-0123456789abcdef';
const SERVER_START_MS = 90_000;
const TEST_APPLICATION = 'forecourt-process-test';

export interface ClusterUser {
  readonly userId: string;
  readonly email: string;
  readonly role: 'owner' | 'manager' | 'staff';
  readonly siteId: string | null;
}

/**
 * One fresh PostgreSQL database, `serverCount` forecourt-server processes on it behind a
 * round-robin proxy, and a tenant with two sites, a manager and a staff member on each.
 */
export class Cluster {
  readonly servers: Array<Child | null>;
  tenantId = '';
  sites: [string, string] = ['', ''];
  users: ClusterUser[] = [];

  private constructor(
    readonly children: Children,
    readonly dbUrl: string,
    readonly db: Database,
    readonly proxy: RoundRobinProxy,
    private readonly dropDatabase: () => Promise<void>,
    serverCount: number,
  ) {
    this.servers = Array.from({ length: serverCount }, () => null);
  }

  static async start(children: Children, serverCount: number): Promise<Cluster> {
    const fresh = await createFreshPostgres();
    const proxy = new RoundRobinProxy(Array.from({ length: serverCount }, () => 0));
    // The first server migrates the new database; the others start on it afterwards.
    let db: Database | null = null;
    try {
      const first = await startServerProcess(children, fresh.url, 'server-0');
      const own = new URL(fresh.url);
      own.searchParams.set('application_name', TEST_APPLICATION); // told apart from the servers' connections
      db = await openPgDatabase(own.toString(), silentLogger, { max: 3 });
      const cluster = new Cluster(children, fresh.url, db, proxy, fresh.drop, serverCount);
      cluster.servers[0] = first.child;
      proxy.setUpstream(0, first.port);
      for (let index = 1; index < serverCount; index++) await cluster.startServer(index);
      await cluster.createTenant();
      return cluster;
    } catch (error) {
      await children.killAll();
      await db?.close();
      await fresh.drop();
      throw error;
    }
  }

  /** Starts (or restarts) server `index` on a free port and points the proxy at it. */
  async startServer(index: number): Promise<void> {
    const started = await startServerProcess(this.children, this.dbUrl, `server-${index}`);
    this.servers[index] = started.child;
    this.proxy.setUpstream(index, started.port);
  }

  async killServer(index: number): Promise<void> {
    await this.servers[index]?.kill9();
  }

  /** A one-time enrolment code for a site, or for the owner's all-sites device. */
  async enrolmentCode(siteId: string | null): Promise<string> {
    const target = siteId ? { siteId } : { tenantId: this.tenantId, scope: 'tenant' as const };
    return (await createEnrolmentCode({ db: this.db, clock: Date.now }, target)).code;
  }

  /**
   * Ends every connection of the servers to this test's database (never another database of the
   * shared cluster), as a PostgreSQL restart would; the test's own checking connections are
   * spared. Returns how many backends were terminated.
   */
  async terminateBackends(): Promise<number> {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const name = new URL(this.dbUrl).pathname.slice(1);
      const result = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
        [name, TEST_APPLICATION],
      );
      return result.rows.filter((row) => row.terminated).length;
    } finally {
      await admin.end();
    }
  }

  /** Connections to this test's database other than the test's own: the servers' pools and listeners. */
  async serverBackends(): Promise<number> {
    const result = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1',
      [TEST_APPLICATION],
    );
    return Number(result.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.proxy.close();
    await Promise.all(this.servers.map((server) => server?.stop()));
    await this.db.close();
    await this.dropDatabase();
  }

  private async createTenant(): Promise<void> {
    const deps = {
      db: this.db,
      engine: createSyncEngine({ db: this.db, logger: silentLogger, clock: Date.now }),
      clock: Date.now,
    };
    const tag = `${process.pid}.${Date.now().toString(36)}`;
    const ownerEmail = `owner.${tag}@processes.test`;
    const tenant = await createTenant(deps, {
      name: `Processes ${tag}`,
      country: 'IN',
      ownerEmail,
      ownerPassword: PASSWORD,
    });
    this.tenantId = tenant.tenantId;
    const a = await createSite(deps, { tenantId: tenant.tenantId, name: 'Site A', code: 'PA' });
    const b = await createSite(deps, { tenantId: tenant.tenantId, name: 'Site B', code: 'PB' });
    this.sites = [a.siteId, b.siteId];
    this.users = [{ userId: tenant.ownerId, email: ownerEmail, role: 'owner', siteId: null }];
    for (const [siteId, code] of [
      [a.siteId, 'a'],
      [b.siteId, 'b'],
    ] as const) {
      for (const role of ['manager', 'staff'] as const) {
        const email = `${role}.${code}.${tag}@processes.test`;
        const { userId } = await createUser(deps, {
          tenantId: tenant.tenantId,
          email,
          password: PASSWORD,
          role,
          siteId,
        });
        this.users.push({ userId, email, role, siteId });
      }
    }
  }

  user(role: ClusterUser['role'], siteId: string | null): ClusterUser {
    const user = this.users.find((candidate) => candidate.role === role && candidate.siteId === siteId);
    if (!user) throw new Error(`no ${role} for site ${siteId}`);
    return user;
  }
}

/** `forecourt-server start` on a free port; resolves when it prints where it listens. */
async function startServerProcess(
  children: Children,
  dbUrl: string,
  name: string,
): Promise<{ child: Child; port: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl,
    FORECOURT_TOKEN_SECRET: TOKEN_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HOST: '127.0.0.1',
  };
  delete env.PORT;
  const child = children.start(name, process.execPath, [SERVER_BIN, 'start', '--port', '0'], env);
  const first = await child.line(0, SERVER_START_MS);
  const listening = (first as { listening?: unknown } | null)?.listening; // the CLI's first line
  if (typeof listening !== 'string') throw new Error(`${name} did not start: ${JSON.stringify(first)}`);
  return { child, port: Number(new URL(listening).port) };
}
