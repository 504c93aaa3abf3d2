import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '@forecourt/shared';
import Type from 'typebox';
import { acceptInvite, createInvite, listOpenInvites, withdrawInvite } from '../../admin/invites.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const InviteRole = Type.Union([Type.Literal('manager'), Type.Literal('staff')]);
const CreateInviteBody = Type.Object(
  { siteId: Type.String({ format: 'uuid' }), role: InviteRole },
  { additionalProperties: false },
);
const CreatedInvite = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'single use, shown once; the new person types it under “Join”' }),
  siteId: Type.String(),
  role: InviteRole,
  expiresAt: Type.String(),
});
const OpenInvite = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  role: InviteRole,
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
const InviteParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AcceptBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
const JoinedUser = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  tenantId: Type.String(),
  siteId: Type.String(),
  role: InviteRole,
});

/** Owners invite people to a site and role; the invited person joins with the code. */
const inviteRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post(
    '/',
    { schema: { body: CreateInviteBody, response: envelopeResponses(CreatedInvite, 201) } },
    async (request, reply) => {
      const actor = await requireUser(services, request);
      const invite = await createInvite(services, actor, request.body);
      request.log.info(
        { inviteId: invite.id, siteId: invite.siteId, role: invite.role, by: actor.id },
        'invite created',
      );
      return reply.code(201).send(ok(invite));
    },
  );

  app.get('/', { schema: { response: envelopeResponses(Type.Array(OpenInvite)) } }, async (request) => {
    const actor = await requireUser(services, request);
    return ok(await listOpenInvites(services, actor));
  });

  app.post(
    '/:id/withdraw',
    { schema: { params: InviteParams, response: envelopeResponses(Type.Object({ id: Type.String() })) } },
    async (request) => {
      const actor = await requireUser(services, request);
      const withdrawn = await withdrawInvite(services, actor, request.params.id);
      request.log.info({ inviteId: withdrawn.id, by: actor.id }, 'invite withdrawn');
      return ok(withdrawn);
    },
  );

  // No sign-in: the code is the credential. Unknown codes count against the address, as enrolment does.
  app.post(
    '/accept',
    { schema: { body: AcceptBody, response: envelopeResponses(JoinedUser, 201) } },
    async (request, reply) => {
      const limitKey = `invite|${request.ip}`;
      services.enrolLimiter.assertAllowed(limitKey);
      try {
        const joined = await acceptInvite(services, request.body);
        request.log.info({ userId: joined.userId, siteId: joined.siteId, role: joined.role }, 'invite accepted');
        return reply.code(201).send(ok(joined));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'unauthenticated')
          services.enrolLimiter.recordFailure(limitKey);
        throw error;
      }
    },
  );
};

export default inviteRoutes;
