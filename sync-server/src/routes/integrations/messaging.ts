import { DomainError, uuidv7 } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { AppServices } from '../../services.ts';

const Phone = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164, e.g. +919812345678' });
const Uuid = Type.String({ format: 'uuid' });

const SmsBody = Type.Object(
  {
    id: Type.Optional(Uuid),
    siteId: Uuid,
    to: Phone,
    body: Type.String({ minLength: 1, maxLength: 640 }),
    purpose: Type.String({ minLength: 1, maxLength: 40 }),
    customerId: Type.Optional(Uuid),
    jobId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

/**
 * SMS and phone verification. Sending records the message (it syncs to the counters) and
 * enqueues the call; Twilio's status callbacks then move it on. The OTP code is never logged.
 */
const messagingRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  app.post(
    '/sms',
    {
      schema: {
        body: SmsBody,
        response: envelopeResponses(Type.Object({ messageId: Type.String(), status: Type.String() }), 201),
      },
    },
    async (request, reply) => {
      const user = await requireUser(services, request);
      const { siteId } = request.body;
      if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot send messages');
      if (user.role !== 'owner' && !user.siteIds.includes(siteId))
        throw new DomainError('forbidden', 'you do not work at this site');
      const site = await services.db.query(
        'SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL',
        [siteId, user.tenantId],
      );
      if (site.rows.length === 0) throw new DomainError('not-found', 'site not found');
      const sent = await hub.sendSms({
        messageId: request.body.id ?? uuidv7(services.clock()),
        tenantId: user.tenantId,
        siteId,
        to: request.body.to,
        body: request.body.body,
        purpose: request.body.purpose,
        customerId: request.body.customerId ?? null,
        jobId: request.body.jobId ?? null,
        sentBy: user.id,
      });
      request.log.info({ messageId: sent.messageId, purpose: request.body.purpose }, 'sms requested');
      return reply.code(201).send(ok(sent));
    },
  );

  app.post(
    '/otp/start',
    {
      schema: {
        body: Type.Object({ phone: Phone }, { additionalProperties: false }),
        response: envelopeResponses(Type.Object({ status: Type.Literal('pending') })),
      },
    },
    async (request) => {
      await requireUser(services, request);
      return ok(await hub.otp.start(request.body.phone, request.ip));
    },
  );

  app.post(
    '/otp/check',
    {
      schema: {
        body: Type.Object(
          { phone: Phone, code: Type.String({ pattern: '^[0-9]{4,10}$' }) },
          { additionalProperties: false },
        ),
        response: envelopeResponses(Type.Object({ verified: Type.Boolean() })),
      },
    },
    async (request) => {
      await requireUser(services, request);
      return ok(await hub.otp.check(request.body.phone, request.body.code, request.ip));
    },
  );
};

export default messagingRoutes;
