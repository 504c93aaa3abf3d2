import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../../db/database.ts';
import type { IntegrationsConfig } from '../config.ts';

/**
 * pg-boss 10 on either database through its `db` adapter, so that it runs on embedded PGlite (one
 * connection, no pool of its own) exactly as on PostgreSQL, and so that a job can be enqueued on
 * the connection of an open transaction (`sendOptions(tx)`), committed or rolled back with it.
 */
export function bossDb(target: Queryable): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // Schema creation and migration are parameterless multi-statement scripts: PGlite's query()
      // takes one statement only, so those go through exec(); their rows are never read.
      if ((!values || values.length === 0) && /;\s*\S/.test(text)) {
        await target.exec(text);
        return { rows: [] };
      }
      return target.query(text, values ?? []);
    },
  };
}

export interface BossOptions {
  /** Only one process of a deployment needs to supervise (expire, retry, archive); others may too. */
  readonly supervise: boolean;
}

export function createBoss(db: Database, config: IntegrationsConfig, logger: Logger, options: BossOptions): PgBoss {
  const boss = new PgBoss({
    db: bossDb(db),
    schema: 'pgboss',
    supervise: options.supervise,
    migrate: true,
    // Cron scheduling polls a table every 30 s; reconciliation is enqueued by our own timer instead.
    schedule: false,
    maintenanceIntervalSeconds: config.queue.maintenanceIntervalSeconds,
  });
  boss.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'job queue error'));
  return boss;
}
