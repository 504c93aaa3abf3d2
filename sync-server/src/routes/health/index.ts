import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, PROTOCOL_VERSION } from '@forecourt/shared';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import type { AppServices } from '../../services.ts';
import { SERVER_VERSION } from '../../version.ts';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
  /** The server's software version. */
  version: Type.String(),
  protocol: Type.Integer(),
});

/** For load balancers and the CLI: 200 while the database answers a query, 503 `unavailable` otherwise. */
const healthRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get('/health', { schema: { response: envelopeResponses(Health) } }, async (request) => {
    try {
      await services.db.query('SELECT 1');
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database query failed');
      throw new DomainError('unavailable', 'the database is not answering');
    }
    return ok({
      status: 'ok' as const,
      database: services.db.kind,
      version: SERVER_VERSION,
      protocol: PROTOCOL_VERSION,
    });
  });
};

export default healthRoutes;
