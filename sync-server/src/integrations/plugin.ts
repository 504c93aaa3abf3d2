import type { FastifyInstance } from 'fastify';
import billingRoutes from '../billing/routes.ts';
import integrationRoutes from '../routes/integrations/index.ts';
import webhookRoutes from '../routes/webhooks/index.ts';
import type { AppServices } from '../services.ts';
import { readServerSettings } from '../settings/store.ts';
import { loadIntegrationsConfig } from './config.ts';
import { customerMessages } from './customer-messages/send.ts';
import { startIntegrationHub } from './hub.ts';

export interface IntegrationsPluginOptions {
  readonly services: AppServices;
  /** Where provider keys and secrets come from; the process environment unless given. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The integrations hub inside the server: starts the job queue (and its workers unless
 * INTEGRATIONS_WORKERS=external), registers /webhooks and /integrations, and stops the queue when
 * the app closes — before the database is closed by whoever opened it.
 */
export default async function integrationsPlugin(
  app: FastifyInstance,
  options: IntegrationsPluginOptions,
): Promise<void> {
  const { services } = options;
  const env = options.env ?? process.env;
  // The encrypted settings are read once here: `forecourt-server settings set` applies at restart.
  const settings = await readServerSettings(services.db, env, services.config.dataDir);
  const config = loadIntegrationsConfig(env, settings);
  if (Object.keys(settings).length > 0)
    services.logger.info({ names: Object.keys(settings) }, 'encrypted settings read'); // names only
  const hub = await startIntegrationHub({ db: services.db, logger: services.logger, clock: services.clock, config });
  // Job-ready and receipt SMS: always on while the hub runs (no tenant or site setting exists yet).
  const stopCustomerMessages = services.engine.onPushApplied(
    customerMessages({ db: services.db, logger: services.logger, sendSms: hub.sendSms }),
  );
  app.addHook('onClose', async () => {
    stopCustomerMessages();
    await hub.stop();
  });
  await app.register(webhookRoutes, { prefix: '/webhooks', hub, clock: services.clock });
  await app.register(integrationRoutes, { prefix: '/integrations', hub, services });
  await app.register(billingRoutes, { prefix: '/billing', services, stripe: config.stripe });
}
