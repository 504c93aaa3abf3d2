import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ASSIGNABLE_ROLES, setUserRole } from '../../admin/user-role.ts';
import { setUserActive } from '../../admin/user-status.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const UserStatus = Type.Object({ userId: Type.String(), active: Type.Boolean() });
const RoleChange = Type.Object(
  {
    role: Type.Union(ASSIGNABLE_ROLES.map((role) => Type.Literal(role))),
    siteId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);
const UserRole = Type.Object({ userId: Type.String(), role: Type.String(), siteIds: Type.Array(Type.String()) });

/** Owners switch people off (they can no longer sign in, refresh or push) and on again, and change their role. */
const userRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  for (const [path, active] of [
    ['/:id/deactivate', false],
    ['/:id/reactivate', true],
  ] as const) {
    app.post(path, { schema: { params: UserParams, response: envelopeResponses(UserStatus) } }, async (request) => {
      const actor = await requireUser(services, request);
      const status = await setUserActive(services, actor, { userId: request.params.id, active });
      request.log.info(
        { userId: status.userId, active, by: actor.id },
        active ? 'user reactivated' : 'user deactivated',
      );
      return ok(status);
    });
  }

  // Owners change someone's role (manager, staff, viewer) and site; see admin/user-role.ts.
  app.post(
    '/:id/role',
    { schema: { params: UserParams, body: RoleChange, response: envelopeResponses(UserRole) } },
    async (request) => {
      const actor = await requireUser(services, request);
      const changed = await setUserRole(services, actor, { userId: request.params.id, ...request.body });
      request.log.info({ userId: changed.userId, role: changed.role, by: actor.id }, 'user role changed');
      return ok(changed);
    },
  );
};

export default userRoutes;
