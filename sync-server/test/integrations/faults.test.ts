import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '@forecourt/shared';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import { loadIntegrationsConfig } from '../../src/integrations/config.ts';
import { startIntegrationHub } from '../../src/integrations/hub.ts';
import { seedTenant, startTestServer, type TestServer } from '../support/app.ts';
import { databaseKinds, MIGRATIONS_DIR, openTestPostgres, silentLogger } from '../support/databases.ts';
import { eventId, eventStatus, intent, paymentsOfIntent, postStripe, seedJob, stripeEvent } from './stripe-fixtures.ts';
import { stubIntegrationEnv, waitFor } from './support.ts';

const WORKER_MAIN = fileURLToPath(new URL('../../src/integrations/worker-main.ts', import.meta.url));
const hasPostgres = databaseKinds().some((kind) => kind.name === 'postgres');
const newIntent = () => `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;

function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.stdout?.once('data', () => resolve(child));
  });
}

describe('integrations under faults', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.runIf(hasPostgres)(
    'resumes a job whose worker process was killed mid-job (PostgreSQL, separate workers)',
    async () => {
      stubIntegrationEnv({ INTEGRATIONS_WORKERS: 'external', INTEGRATIONS_JOB_EXPIRE_SECONDS: '2' });
      const database = await openTestPostgres();
      const server = await startTestServer({ name: 'postgres', open: async () => database });
      cleanups.push(() => server.close());
      const url = database.url ?? '';
      const tenant = await seedTenant(server);
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const pi = newIntent();

      // Hold the effect's entity lock, so that the worker is caught inside the job.
      const blocker = new pg.Client({ connectionString: url });
      await blocker.connect();
      cleanups.push(() => blocker.end());
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`integrations:stripe:${pi}`]);

      const first = await startWorker(url);
      cleanups.push(async () => void first.kill('SIGKILL'));
      const payload = stripeEvent(
        'payment_intent.succeeded',
        intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
      );
      await postStripe(server, payload);
      await waitFor(
        async () => {
          const active = await server.db.query(
            "SELECT 1 FROM pgboss.job WHERE name = 'integrations-inbox' AND state = 'active'",
          );
          return active.rows.length > 0;
        },
        20_000,
        'the job to be active',
      );
      first.kill('SIGKILL');
      await blocker.query('ROLLBACK');

      const second = await startWorker(url);
      cleanups.push(async () => void second.kill('SIGTERM'));
      await waitFor(
        async () => (await eventStatus(server, eventId(payload))) === 'processed',
        30_000,
        'the event to be processed',
      );
      const payments = await paymentsOfIntent(server, tenant.tenantId, pi);
      expect(payments.map((row) => row.status)).toEqual(['confirmed']);
    },
  );

  it('loses nothing when the embedded database restarts between storing and processing (PGlite)', async () => {
    stubIntegrationEnv({ INTEGRATIONS_WORKERS: 'external' });
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-pglite-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const db = await openPgliteDatabase(dataDir);
    await migrate(db, MIGRATIONS_DIR, silentLogger);
    const server = await startTestServer({
      name: 'pglite',
      open: async () => ({ db, url: null, drop: () => db.close() }),
    });
    const tenant = await seedTenant(server);
    const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
    const pi = newIntent();
    const payload = stripeEvent(
      'payment_intent.succeeded',
      intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
    );
    await postStripe(server, payload);
    expect(await eventStatus(server, eventId(payload))).toBe('queued');
    await server.close();

    const reopened = await openPgliteDatabase(dataDir);
    cleanups.push(() => reopened.close());
    const hub = await startIntegrationHub(
      { db: reopened, logger: silentLogger, clock: Date.now, config: loadIntegrationsConfig(process.env) },
      { workers: true },
    );
    cleanups.push(() => hub.stop());
    const status = async () =>
      (
        await reopened.query<{ status: string }>('SELECT status FROM webhook_inbox WHERE event_key = $1', [
          eventId(payload),
        ])
      ).rows[0]?.status;
    await waitFor(async () => (await status()) === 'processed', 20_000, 'the stored event to be processed');
    const payments = await reopened.query<{ status: string }>('SELECT status FROM payments WHERE provider_ref = $1', [
      pi,
    ]);
    expect(payments.rows).toEqual([{ status: 'confirmed' }]);
  });

  it.runIf(hasPostgres)(
    'loses nothing when every database connection drops between storing and processing (PostgreSQL)',
    async () => {
      stubIntegrationEnv({ INTEGRATIONS_WORKERS: 'external' });
      const database = await openTestPostgres();
      const server: TestServer = await startTestServer({ name: 'postgres', open: async () => database });
      cleanups.push(() => server.close());
      const tenant = await seedTenant(server);
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const pi = newIntent();
      const payload = stripeEvent(
        'payment_intent.succeeded',
        intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
      );
      await postStripe(server, payload);
      const admin = new pg.Client({ connectionString: database.url ?? '' });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();

      const hub = await waitFor(async () =>
        startIntegrationHub(
          { db: server.db, logger: silentLogger, clock: Date.now, config: loadIntegrationsConfig(process.env) },
          { workers: true },
        ).catch(() => undefined),
      );
      cleanups.push(() => hub.stop());
      await waitFor(
        async () => (await eventStatus(server, eventId(payload))) === 'processed',
        20_000,
        'the stored event to be processed',
      );
      expect((await paymentsOfIntent(server, tenant.tenantId, pi)).map((row) => row.status)).toEqual(['confirmed']);
    },
  );
});
