import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PullRequest, PullResponse, PushRequest, PushResponse } from '@forecourt/shared';
import { assertWritable } from '../../billing/store.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireDevice, signedInUserOf } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

/**
 * Push and pull (DESIGN §4.2, §4.3). The routes only authenticate: who may do what in a mutation
 * is the engine's decision, made against the server's own users table.
 */
const syncRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post('/push', { schema: { body: PushRequest, response: envelopeResponses(PushResponse) } }, async (request) => {
    const device = await requireDevice(services, request);
    const signedInUserId = signedInUserOf(services, request, device);
    // A lapsed plan past its grace period: the whole push is refused (402), nothing is applied, and
    // the counter keeps its outbox and still pulls (billing/store.ts, docs/billing.md).
    if (request.body.mutations.length > 0) await assertWritable(services.db, device.tenantId, services.clock());
    return ok(await services.engine.push(device, signedInUserId, request.body));
  });

  app.post(
    '/pull',
    // A pull page carries thousands of rows of open-ended shape (Record<string, unknown>), which the
    // schema-compiled serializer writes field by field: about ten times slower than JSON.stringify
    // (docs/performance.md). Every body of this route is exactly its schema's envelope, so the
    // output is the same; the schema stays for validation of the request and for documentation.
    {
      schema: { body: PullRequest, response: envelopeResponses(PullResponse) },
      serializerCompiler: () => JSON.stringify,
    },
    async (request) => {
      const device = await requireDevice(services, request);
      return ok(await services.engine.pull(device, request.body));
    },
  );
};

export default syncRoutes;
