import { DomainError } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { AppServices } from '../../services.ts';

const Params = Type.Object({ contractId: Type.String({ format: 'uuid' }) });
const RequestId = Type.String({ format: 'uuid', description: 'one per click: a repeat is the same call' });
const StepBody = Type.Object({ requestId: RequestId }, { additionalProperties: false });
const CaptureBody = Type.Object(
  {
    requestId: RequestId,
    amountMinor: Type.Optional(Type.Integer({ minimum: 1, description: 'absent: capture all that is held' })),
  },
  { additionalProperties: false },
);
const Answer = envelopeResponses(Type.Object({ callId: Type.String() }), 201);

/**
 * Rental deposits held on the renter's card (Stripe, manual capture): staff of the contract's
 * site place and release a hold; an owner or a manager captures it. The answer is the outbound
 * call; the contract's `deposit_hold_*` columns show the outcome once Stripe has answered.
 */
const depositRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  const staff = async (request: Parameters<typeof requireUser>[1], capture: boolean) => {
    const user = await requireUser(services, request);
    if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot handle deposits');
    if (capture && user.role === 'staff')
      throw new DomainError('forbidden', 'only an owner or a manager captures a deposit');
    return { user, siteIds: user.role === 'owner' ? null : user.siteIds };
  };

  app.post(
    '/deposits/:contractId/hold',
    { schema: { params: Params, body: StepBody, response: Answer } },
    async (request, reply) => {
      const { user, siteIds } = await staff(request, false);
      const { contractId } = request.params;
      const answer = await hub.depositHold('hold', {
        tenantId: user.tenantId,
        contractId,
        requestId: request.body.requestId,
        siteIds,
      });
      request.log.info({ contractId, callId: answer.callId, by: user.id }, 'deposit hold requested');
      return reply.code(201).send(ok(answer));
    },
  );

  app.post(
    '/deposits/:contractId/capture',
    { schema: { params: Params, body: CaptureBody, response: Answer } },
    async (request, reply) => {
      const { user, siteIds } = await staff(request, true);
      const { contractId } = request.params;
      const answer = await hub.depositHold('capture', {
        tenantId: user.tenantId,
        contractId,
        requestId: request.body.requestId,
        siteIds,
        amountMinor: request.body.amountMinor ?? null,
      });
      request.log.info({ contractId, callId: answer.callId, by: user.id }, 'deposit capture requested');
      return reply.code(201).send(ok(answer));
    },
  );

  app.post(
    '/deposits/:contractId/release',
    { schema: { params: Params, body: StepBody, response: Answer } },
    async (request, reply) => {
      const { user, siteIds } = await staff(request, false);
      const { contractId } = request.params;
      const answer = await hub.depositHold('release', {
        tenantId: user.tenantId,
        contractId,
        requestId: request.body.requestId,
        siteIds,
      });
      request.log.info({ contractId, callId: answer.callId, by: user.id }, 'deposit release requested');
      return reply.code(201).send(ok(answer));
    },
  );
};

export default depositRoutes;
