import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createEnrolmentCode } from '../../devices/enrolment-codes.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const CreateCodeBody = Type.Union([
  Type.Object({ siteId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  Type.Object({ scope: Type.Literal('tenant') }, { additionalProperties: false }),
]);

const CreatedCode = Type.Object({
  code: Type.String({ description: 'single use, shown once; type it on the new device' }),
  expiresAt: Type.String(),
  siteId: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
});

/** Owners and managers create one-time codes that enrol a new counter PC. */
const enrolmentCodeRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post(
    '/',
    { schema: { body: CreateCodeBody, response: envelopeResponses(CreatedCode, 201) } },
    async (request, reply) => {
      const actor = await requireUser(services, request);
      const target =
        'siteId' in request.body
          ? { siteId: request.body.siteId }
          : { tenantId: actor.tenantId, scope: 'tenant' as const };
      const created = await createEnrolmentCode(services, target, actor);
      request.log.info({ siteId: created.siteId, scope: created.scope, by: actor.id }, 'enrolment code created');
      return reply
        .code(201)
        .send(ok({ code: created.code, expiresAt: created.expiresAt, siteId: created.siteId, scope: created.scope }));
    },
  );
};

export default enrolmentCodeRoutes;
