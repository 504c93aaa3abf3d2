import { DomainError } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { TerminalActor } from '../../integrations/providers/stripe/terminal.ts';
import type { AppServices } from '../../services.ts';

const Uuid = Type.String({ format: 'uuid' });
const Strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Reader = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  label: Type.String(),
  deviceType: Nullable(Type.String()),
  mode: Type.String(),
  stripeReaderId: Type.String(),
  locationId: Nullable(Type.String()),
  busy: Type.Boolean(),
});
const Attempt = Type.Object({
  id: Type.String(),
  status: Type.String(),
  message: Nullable(Type.String()),
  purpose: Type.String(),
  readerId: Type.String(),
  readerLabel: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  paymentId: Nullable(Type.String()),
  intentId: Nullable(Type.String()),
  updatedAt: Type.String(),
});
const Started = envelopeResponses(Type.Object({ attemptId: Type.String(), callId: Type.String() }), 201);
const AttemptId = Type.String({
  format: 'uuid',
  description: 'made by the counter when the dialog opens: a repeat is the same attempt',
});

/**
 * Card-present payments on Stripe Terminal readers (server-driven): staff, managers and owners
 * of the reader's site list readers, take a job's payment or a contract's deposit on one, poll
 * the attempt and cancel it; owners and managers register readers. A viewer does none of it.
 */
const terminalRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  const actorOf = async (request: FastifyRequest, manage = false): Promise<TerminalActor> => {
    const user = await requireUser(services, request);
    if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot take card payments');
    if (manage && user.role === 'staff')
      throw new DomainError('forbidden', 'only an owner or a manager registers readers');
    return { tenantId: user.tenantId, userId: user.id, siteIds: user.role === 'owner' ? null : user.siteIds };
  };

  app.get(
    '/terminal/readers',
    {
      schema: {
        querystring: Type.Object({ siteId: Type.Optional(Uuid) }),
        response: envelopeResponses(
          Type.Object({
            mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
            readers: Type.Array(Reader),
          }),
        ),
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      const readers = await hub.terminal.listReaders(actor, request.query.siteId ?? null);
      return ok({ mode: hub.terminal.mode, readers });
    },
  );

  app.post(
    '/terminal/readers',
    {
      schema: {
        body: Type.Object(
          {
            requestId: Uuid,
            siteId: Uuid,
            registrationCode: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
            label: Type.String({ minLength: 1, maxLength: 80 }),
            locationId: Type.String({ pattern: '^tml_[A-Za-z0-9]+$', description: 'the Stripe Terminal location' }),
          },
          Strict,
        ),
        response: envelopeResponses(Reader, 201),
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, true);
      const reader = await hub.terminal.registerReader(actor, request.body);
      request.log.info({ readerId: reader.id, siteId: reader.siteId, by: actor.userId }, 'terminal reader registered');
      return reply.code(201).send(ok(reader));
    },
  );

  app.post(
    '/terminal/payments',
    {
      schema: {
        body: Type.Object(
          {
            attemptId: AttemptId,
            readerId: Uuid,
            jobId: Uuid,
            amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
            kind: Type.Union([Type.Literal('advance'), Type.Literal('partial'), Type.Literal('final')]),
          },
          Strict,
        ),
        response: Started,
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const started = await hub.terminal.startPayment(actor, request.body);
      request.log.info({ attemptId: started.attemptId, by: actor.userId }, 'card on reader requested');
      return reply.code(201).send(ok(started));
    },
  );

  app.post(
    '/terminal/deposits',
    {
      schema: {
        body: Type.Object({ attemptId: AttemptId, readerId: Uuid, contractId: Uuid }, Strict),
        response: Started,
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const started = await hub.terminal.startDepositHold(actor, request.body);
      request.log.info(
        { attemptId: started.attemptId, contractId: request.body.contractId, by: actor.userId },
        'deposit hold on reader requested',
      );
      return reply.code(201).send(ok(started));
    },
  );

  app.get(
    '/terminal/attempts/:attemptId',
    { schema: { params: Type.Object({ attemptId: Uuid }), response: envelopeResponses(Attempt) } },
    async (request) => {
      const actor = await actorOf(request);
      return ok(await hub.terminal.attempt(actor, request.params.attemptId));
    },
  );

  app.post(
    '/terminal/attempts/:attemptId/cancel',
    {
      schema: {
        params: Type.Object({ attemptId: Uuid }),
        response: envelopeResponses(Type.Object({ callId: Type.String() }), 201),
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const answer = await hub.terminal.cancel(actor, request.params.attemptId);
      request.log.info({ attemptId: request.params.attemptId, by: actor.userId }, 'card on reader cancelled');
      return reply.code(201).send(ok(answer));
    },
  );

  // Test only: the sandbox's simulated reader, or Stripe's with a test key (present_payment_method).
  app.post(
    '/terminal/readers/:readerId/present',
    {
      schema: {
        params: Type.Object({ readerId: Uuid }),
        body: Type.Object({ cardNumber: Type.Optional(Type.String({ pattern: '^[0-9]{12,19}$' })) }, Strict),
        response: envelopeResponses(Type.Object({ action: Nullable(Type.String()) })),
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      return ok(
        await hub.terminal.presentTestCard(actor, {
          readerId: request.params.readerId,
          cardNumber: request.body.cardNumber ?? null,
        }),
      );
    },
  );
};

export default terminalRoutes;
