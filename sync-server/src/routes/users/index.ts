import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { setUserActive } from '../../admin/user-status.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const UserStatus = Type.Object({ userId: Type.String(), active: Type.Boolean() });

/** Owners switch people off (they can no longer sign in, refresh or push) and on again. */
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
};

export default userRoutes;
