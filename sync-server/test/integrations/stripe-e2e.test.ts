import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '@forecourt/shared';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCounter, type CounterCore } from '../../../desktop/src/core/counter.ts';
import { silentLogger as counterLogger } from '../../../desktop/src/core/logger.ts';
import { createEnrolmentCode } from '../../src/admin/index.ts';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { intent, seedJob, stripeEvent } from './stripe-fixtures.ts';
import { SECRETS, startIntegrationServer, waitFor } from './support.ts';

/**
 * End to end over real HTTP: a signed payment_intent.succeeded posted to a listening server shows
 * up as a confirmed payment of the job in a counter's SQLite replica after it syncs; the same
 * event posted again changes nothing there.
 */
for (const kind of databaseKinds()) {
  describe(`Stripe webhook to a counter replica (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let counter: CounterCore;
    let baseUrl: string;
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-e2e-'));

    const postWebhook = async (payload: string) => {
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: SECRETS.stripe[0],
        timestamp: Math.floor(server.clock() / 1000),
      });
      const response = await fetch(`${baseUrl}/api/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      });
      expect(response.status).toBe(200);
    };

    beforeAll(async () => {
      server = await startIntegrationServer(kind);
      baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
      tenant = await seedTenant(server);
      counter = openCounter({ dataDir, clock: server.clock, logger: counterLogger, WebSocket: null });
      const { code } = await createEnrolmentCode({ db: server.db, clock: server.clock }, { siteId: tenant.siteId });
      await counter.enrol({ serverUrl: baseUrl, code, name: 'Counter 1' });
    });
    afterAll(async () => {
      await counter?.close();
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('shows a confirmed payment of the job after sync, and the same event twice changes nothing', async () => {
      const jobId = await seedJob(server, tenant.tenantId, tenant.siteId);
      const pi = `pi_${uuidv7().replace(/-/g, '').slice(-20)}`;
      const payload = stripeEvent(
        'payment_intent.succeeded',
        intent(pi, { tenant_id: tenant.tenantId, site_id: tenant.siteId, job_id: jobId }),
      );
      await postWebhook(payload);
      await waitFor(
        async () => {
          await counter.syncNow();
          return counter.query('payments').find((row) => row.provider_ref === pi);
        },
        20_000,
        'payment in the replica',
      );
      const [payment, ...others] = counter.query('payments').filter((row) => row.job_id === jobId);
      expect(others).toHaveLength(0);
      expect(payment).toMatchObject({
        status: 'confirmed',
        provider: 'stripe',
        method: 'online',
        amount_minor: 150_000,
        confirmed_by: null,
      });

      const versionBefore = await server.engine.currentVersion();
      await postWebhook(payload);
      await counter.syncNow();
      expect(await server.engine.currentVersion()).toBe(versionBefore);
      expect(counter.query('payments').filter((row) => row.job_id === jobId)).toEqual([payment]);
    });
  });
}
