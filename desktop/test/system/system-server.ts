import type { AddressInfo } from 'node:net';
import { buildApp, type ForecourtApp } from '../../../sync-server/src/app.ts';
import { loadConfig } from '../../../sync-server/src/config.ts';
import type { Database } from '../../../sync-server/src/db/database.ts';
import { openPgDatabase } from '../../../sync-server/src/db/pg-database.ts';
import { createSyncEngine } from '../../../sync-server/src/sync/engine.ts';
import type { SyncEngine } from '../../../sync-server/src/sync/types.ts';
import { silentLogger, type DatabaseKind, type TestDatabase } from '../../../sync-server/test/support/databases.ts';

/**
 * A real sync server listening on loopback, on a fresh database, that can be restarted on the same
 * database (the counters keep its URL). It runs on the wall clock, like the counters.
 */
export class SystemServer {
  app!: ForecourtApp;
  engine!: SyncEngine;
  db!: Database;
  port = 0;
  private readonly extraPools: Database[] = [];
  readonly clock = () => Date.now();

  private constructor(private readonly database: TestDatabase) {
    this.db = database.db;
  }

  static async start(kind: DatabaseKind): Promise<SystemServer> {
    const server = new SystemServer(await kind.open());
    await server.listen();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async listen(): Promise<void> {
    this.engine = createSyncEngine({ db: this.db, logger: silentLogger, clock: this.clock });
    await this.engine.start();
    const config = loadConfig({}, { tokenSecret: 'system-test-secret-0123456789abcdef', livePokeIntervalMs: 10 });
    this.app = buildApp({ db: this.db, engine: this.engine, logger: silentLogger, config, clock: this.clock });
    await this.app.listen({ port: this.port, host: '127.0.0.1' });
    this.port = (this.app.server.address() as AddressInfo).port; // listening on TCP: an AddressInfo
  }

  /** Stops the process's part (HTTP, live sockets, engine) and starts it again on the same database. */
  async restart(): Promise<void> {
    await this.stop();
    if (this.database.url) {
      // PostgreSQL: a new pool, as a new server process would open (the old one idles until close).
      this.db = await openPgDatabase(this.database.url, silentLogger);
      this.extraPools.push(this.db);
    }
    await this.listen();
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.engine.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    for (const pool of this.extraPools) await pool.close();
    await this.database.drop();
  }
}
