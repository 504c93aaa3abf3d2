import { DomainError } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import { listEvents, providerStatuses } from '../../integrations/inbox/event-log.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import { listCalls } from '../../integrations/outbound/calls.ts';
import type { AppServices } from '../../services.ts';
import messagingRoutes from './messaging.ts';
import paymentRoutes from './payments.ts';
import depositRoutes from './deposits.ts';
import terminalRoutes from './terminal.ts';
import esignRoutes from './esign.ts';
import enodeLinkRoutes from './enode-links.ts';
import thirdPartyApi from './api.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../integrations/api-keys.ts';

const Provider = Type.Union([
  Type.Literal('stripe'),
  Type.Literal('docusign'),
  Type.Literal('enode'),
  Type.Literal('twilio'),
]);
const Status = Type.Union([
  Type.Literal('queued'),
  Type.Literal('processed'),
  Type.Literal('ignored'),
  Type.Literal('retrying'),
  Type.Literal('dead'),
]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const ProviderStatus = Type.Object({
  provider: Provider,
  mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
  webhooksConfigured: Type.Boolean(),
  lastEventAt: Nullable(Type.String()),
  processed: Type.Integer(),
  retrying: Type.Integer(),
  dead: Type.Integer(),
  lastError: Nullable(Type.String()),
  secrets: Type.Array(
    Type.Object({
      name: Type.String(),
      source: Type.Union([
        Type.Literal('env'),
        Type.Literal('settings'),
        Type.Literal('env+settings'),
        Type.Literal('unset'),
      ]),
    }),
  ),
});

const EventEntry = Type.Object({
  id: Type.String(),
  provider: Provider,
  eventType: Type.String(),
  receivedAt: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  result: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  processedAt: Nullable(Type.String()),
});

const EventsQuery = Type.Object({
  provider: Type.Optional(Provider),
  status: Type.Optional(Status),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/** The integrations page is the owner's: other roles get 403. */
async function requireOwner(services: AppServices, request: FastifyRequest) {
  const user = await requireUser(services, request);
  if (user.role !== 'owner') throw new DomainError('forbidden', 'only an owner manages integrations');
  return user;
}

/**
 * The owner's integrations page: each provider's status, the event log with its processing
 * result, and retry of a dead event.
 */
const integrationRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  app.get(
    '/status',
    { schema: { response: envelopeResponses(Type.Object({ providers: Type.Array(ProviderStatus) })) } },
    async (request) => {
      const owner = await requireOwner(services, request);
      return ok({ providers: await providerStatuses(services.db, owner.tenantId, hub.config) });
    },
  );

  app.get(
    '/events',
    {
      schema: {
        querystring: EventsQuery,
        response: envelopeResponses(
          Type.Object({
            items: Type.Array(EventEntry),
            total: Type.Integer(),
            page: Type.Integer(),
            per_page: Type.Integer(),
          }),
        ),
      },
    },
    async (request) => {
      const owner = await requireOwner(services, request);
      const { page = 1, per_page: perPage = 50, provider, status } = request.query;
      const { items, total } = await listEvents(services.db, owner.tenantId, { provider, status, page, perPage });
      return ok({ items, total, page, per_page: perPage });
    },
  );

  app.post(
    '/events/:id/retry',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: envelopeResponses(Type.Object({ queued: Type.Boolean() })),
      },
    },
    async (request) => {
      const owner = await requireOwner(services, request);
      const queued = await hub.retryDead(owner.tenantId, request.params.id);
      if (!queued) throw new DomainError('not-found', 'no failed event with this id');
      request.log.info({ inboxId: request.params.id, by: owner.id }, 'webhook event retried by owner');
      return ok({ queued });
    },
  );

  const CallEntry = Type.Object({
    id: Type.String(),
    provider: Type.Union([Provider, Type.Literal('fleet')]),
    operation: Type.String(),
    status: Type.String(),
    attempts: Type.Integer(),
    lastError: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  });
  app.get(
    '/calls',
    {
      schema: {
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: envelopeResponses(
          Type.Object({
            items: Type.Array(CallEntry),
            total: Type.Integer(),
            page: Type.Integer(),
            per_page: Type.Integer(),
          }),
        ),
      },
    },
    async (request) => {
      const owner = await requireOwner(services, request);
      const { page = 1, per_page: perPage = 50 } = request.query;
      return ok({ ...(await listCalls(services.db, owner.tenantId, page, perPage)), page, per_page: perPage });
    },
  );

  app.post(
    '/calls/:id/retry',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: envelopeResponses(Type.Object({ queued: Type.Boolean() })),
      },
    },
    async (request) => {
      const owner = await requireOwner(services, request);
      if (!(await hub.retryCall(owner.tenantId, request.params.id)))
        throw new DomainError('not-found', 'no failed call with this id');
      request.log.info({ callId: request.params.id, by: owner.id }, 'outbound call retried by owner');
      return ok({ queued: true });
    },
  );

  app.post(
    '/enode/links',
    {
      schema: {
        body: Type.Object({ vehicleId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: envelopeResponses(Type.Object({ linkUrl: Type.String(), expiresAt: Type.String() }), 201),
      },
    },
    async (request, reply) => {
      const owner = await requireOwner(services, request);
      const session = await hub.linkVehicle(owner.tenantId, request.body.vehicleId);
      request.log.info({ vehicleId: request.body.vehicleId, by: owner.id }, 'EV link session created');
      return reply.code(201).send(ok(session));
    },
  );

  await app.register(messagingRoutes, { services, hub });
  await app.register(paymentRoutes, { services, hub });
  await app.register(depositRoutes, { services, hub });
  await app.register(terminalRoutes, { services, hub });
  await app.register(esignRoutes, { services, hub });
  await app.register(enodeLinkRoutes, { services, hub });
  await app.register(thirdPartyApi, { prefix: '/api', services, hub });

  const KeyView = Type.Object({
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    scope: Type.String(),
    createdAt: Type.String(),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
  });
  app.post(
    '/api-keys',
    {
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            scope: Type.Union([Type.Literal('read'), Type.Literal('read-write')]),
          },
          { additionalProperties: false },
        ),
        response: envelopeResponses(
          Type.Object({
            id: Type.String(),
            key: Type.String({ description: 'shown once' }),
            prefix: Type.String(),
            scope: Type.String(),
          }),
          201,
        ),
      },
    },
    async (request, reply) => {
      const owner = await requireOwner(services, request);
      const created = await createApiKey(services.db, services.clock, {
        tenantId: owner.tenantId,
        name: request.body.name,
        scope: request.body.scope,
        createdBy: owner.id,
      });
      request.log.info({ apiKeyId: created.id, scope: request.body.scope, by: owner.id }, 'API key created');
      return reply
        .code(201)
        .send(ok({ id: created.id, key: created.key, prefix: created.prefix, scope: request.body.scope }));
    },
  );
  app.get(
    '/api-keys',
    { schema: { response: envelopeResponses(Type.Object({ items: Type.Array(KeyView) })) } },
    async (request) => {
      const owner = await requireOwner(services, request);
      return ok({ items: await listApiKeys(services.db, owner.tenantId) });
    },
  );
  app.delete(
    '/api-keys/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: envelopeResponses(Type.Object({ revoked: Type.Boolean() })),
      },
    },
    async (request) => {
      const owner = await requireOwner(services, request);
      await revokeApiKey(services.db, services.clock, owner.tenantId, request.params.id);
      request.log.info({ apiKeyId: request.params.id, by: owner.id }, 'API key revoked');
      return ok({ revoked: true });
    },
  );
};

export default integrationRoutes;
