import { DomainError } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import { unlinkVehicle, vehicleLinkState } from '../../integrations/providers/enode/link-state.ts';
import type { AppServices } from '../../services.ts';

const Params = Type.Object({ vehicleId: Type.String({ format: 'uuid' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const LinkState = Type.Object({
  state: Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('linked'), Type.Literal('failed')]),
  reason: Nullable(Type.String()),
  linkExpiresAt: Nullable(Type.String()),
  lastReadingAt: Nullable(Type.String()),
  sandbox: Type.Boolean(),
});

/**
 * A fleet vehicle's Enode link as the owner sees it (`POST /enode/links` makes the link page):
 * its state, and unlinking. Owners only, and only their tenant's vehicles (others: 404).
 */
const enodeLinkRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  const requireOwner = async (request: Parameters<typeof requireUser>[1]) => {
    const user = await requireUser(services, request);
    if (user.role !== 'owner') throw new DomainError('forbidden', 'only an owner links a vehicle’s EV data');
    return user;
  };
  const deps = { db: services.db, clock: services.clock, provider: hub.providers.enode };

  app.get(
    '/enode/links/:vehicleId',
    { schema: { params: Params, response: envelopeResponses(LinkState) } },
    async (request) => {
      const owner = await requireOwner(request);
      return ok(await vehicleLinkState(deps, owner.tenantId, request.params.vehicleId));
    },
  );

  app.delete(
    '/enode/links/:vehicleId',
    { schema: { params: Params, response: envelopeResponses(Type.Object({ unlinked: Type.Boolean() })) } },
    async (request) => {
      const owner = await requireOwner(request);
      const answer = await unlinkVehicle(deps, owner.tenantId, request.params.vehicleId);
      if (answer.unlinked)
        request.log.info({ vehicleId: request.params.vehicleId, by: owner.id }, 'EV link removed by owner');
      return ok(answer);
    },
  );
};

export default enodeLinkRoutes;
