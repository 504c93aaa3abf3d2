import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '@forecourt/shared';
import Type from 'typebox';
import { enrolDevice } from '../../devices/enrolment.ts';
import { revokeDevice } from '../../devices/revoke.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { LiveHub } from '../../live/live-hub.ts';
import type { AppServices } from '../../services.ts';

const EnrolBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

const EnrolledDevice = Type.Object({
  deviceId: Type.String(),
  deviceSecret: Type.String({ description: 'send as Authorization: Device <deviceId>.<deviceSecret>' }),
  tenantId: Type.String(),
  siteId: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
  deviceCode: Type.String(),
  serverVersion: Type.String(),
});

const RevokeParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RevokedDevice = Type.Object({ deviceId: Type.String(), revokedAt: Type.String() });

const devicesRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; live: LiveHub }> = async (app, options) => {
  const { services, live } = options;

  app.post(
    '/enrol',
    { schema: { body: EnrolBody, response: envelopeResponses(EnrolledDevice, 201) } },
    async (request, reply) => {
      services.enrolLimiter.assertAllowed(request.ip);
      try {
        const device = await enrolDevice(services, request.body);
        request.log.info({ deviceId: device.deviceId, deviceCode: device.deviceCode }, 'device enrolled');
        return reply.code(201).send(ok(device));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'unauthenticated')
          services.enrolLimiter.recordFailure(request.ip);
        throw error;
      }
    },
  );

  app.post(
    '/:id/revoke',
    { schema: { params: RevokeParams, response: envelopeResponses(RevokedDevice) } },
    async (request) => {
      const actor = await requireUser(services, request);
      const revoked = await revokeDevice(services, actor, request.params.id);
      live.disconnectDevice(revoked.deviceId);
      request.log.info({ deviceId: revoked.deviceId, by: actor.id }, 'device revoked');
      return ok(revoked);
    },
  );
};

export default devicesRoutes;
