import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import integrationsPlugin from './integrations/plugin.ts';
import { createLiveHub } from './live/live-hub.ts';
import { REDACTED_LOG_PATHS } from './logger.ts';
import errorHandler from './plugins/app/error-handler.ts';
import protocol from './plugins/app/protocol.ts';
import requestLogging from './plugins/app/request-logging.ts';
import websocket from './plugins/external/websocket.ts';
import authRoutes from './routes/auth/index.ts';
import devicesRoutes from './routes/devices/index.ts';
import enrolmentCodeRoutes from './routes/enrolment-codes/index.ts';
import healthRoutes from './routes/health/index.ts';
import inviteRoutes from './routes/invites/index.ts';
import reportRoutes from './routes/reports/index.ts';
import siteRoutes from './routes/sites/index.ts';
import userRoutes from './routes/users/index.ts';
import syncRoutes from './routes/sync/index.ts';
import blobRoutes from './routes/blobs/index.ts';
import liveRoutes from './routes/sync/live.ts';
import { createServices, type AppDeps } from './services.ts';

/** A push of 1000 mutations with their arguments can pass Fastify's default 1 MiB. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Builds the server without listening: external plugins, the app's own plugins, then the routes
 * under /api/v1. Tests build exactly this and call app.inject. The auth services (token secret)
 * load while the app starts (`await app.ready()`, inject or listen).
 */
export function buildApp(deps: AppDeps) {
  const app = Fastify({
    // Redaction is applied here too, so it holds whatever logger the caller passes.
    loggerInstance: deps.logger.child({}, { redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } }),
    // Our own onResponse line replaces Fastify's, which would log the URL with its query string.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  app.register(websocket);
  app.register(errorHandler);
  app.register(protocol);
  app.register(requestLogging);

  app.register(
    async (api) => {
      const services = await createServices(deps);
      const live = createLiveHub({
        engine: deps.engine,
        logger: deps.logger,
        clock: deps.clock,
        pokeIntervalMs: deps.config.livePokeIntervalMs,
        keepaliveMs: deps.config.liveKeepaliveMs,
      });
      api.addHook('onClose', async () => live.close());
      await api.register(healthRoutes, { services });
      await api.register(authRoutes, { prefix: '/auth', services });
      await api.register(devicesRoutes, { prefix: '/devices', services, live });
      await api.register(enrolmentCodeRoutes, { prefix: '/enrolment-codes', services });
      await api.register(inviteRoutes, { prefix: '/invites', services });
      await api.register(userRoutes, { prefix: '/users', services });
      await api.register(siteRoutes, { prefix: '/sites', services });
      await api.register(reportRoutes, { prefix: '/reports', services });
      await api.register(syncRoutes, { prefix: '/sync', services });
      await api.register(liveRoutes, { prefix: '/sync', services, live });
      await api.register(blobRoutes, { prefix: '/blobs', services });
      await api.register(integrationsPlugin, { services });
    },
    { prefix: '/api/v1' },
  );
  return app;
}

export type ForecourtApp = ReturnType<typeof buildApp>;
