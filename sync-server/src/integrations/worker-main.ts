import pino from 'pino';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openServerDatabase } from '../open-database.ts';
import { readServerSettings } from '../settings/store.ts';
import { loadIntegrationsConfig } from './config.ts';
import { startIntegrationHub } from './hub.ts';

/**
 * A separate integrations worker process (`node --import tsx sync-server/src/integrations/worker-main.ts`),
 * for servers started with INTEGRATIONS_WORKERS=external. It needs DATABASE_URL: an embedded
 * PGlite data folder belongs to one process, so with PGlite the workers run inside the server.
 * Prints one JSON line when it works; SIGTERM lets running jobs finish.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, destination: pino.destination({ dest: 2, sync: true }) });
  if (!config.databaseUrl) throw new Error('an integrations worker process needs DATABASE_URL (PostgreSQL)');
  const db = await openServerDatabase(config, logger);
  const settings = await readServerSettings(db, process.env, config.dataDir);
  const hub = await startIntegrationHub(
    { db, logger, clock: Date.now, config: loadIntegrationsConfig(process.env, settings) },
    { workers: true },
  );
  process.stdout.write(`${JSON.stringify({ worker: 'started', pid: process.pid })}\n`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'integrations worker stopping');
    setTimeout(() => process.exit(1), 15_000).unref();
    hub
      .stop()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'integrations worker stop failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error) } })}\n`,
  );
  process.exit(1);
});
