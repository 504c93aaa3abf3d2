import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { assertOwner } from '../../admin/owner.ts';
import { createSite } from '../../admin/sites.ts';
import { assertCanAddSite } from '../../billing/store.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const Optional = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
const CreateSiteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    code: Type.String({ minLength: 2, maxLength: 8 }),
    address: Optional(500),
    phone: Optional(30),
    taxId: Optional(40),
    /** CH/LI IBAN or QR-IBAN for the site's QR-bills; spaces allowed, checked mod 97. */
    iban: Optional(42),
  },
  { additionalProperties: false },
);

/**
 * Owners add a workshop. Online only: its code must be unique in the company, since it starts
 * every device code and document number of the site. Edits go through the `site.update` and
 * `workshop.updateProfile` mutations, which check the same rules.
 */
const siteRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post(
    '/',
    { schema: { body: CreateSiteBody, response: envelopeResponses(Type.Object({ siteId: Type.String() }), 201) } },
    async (request, reply) => {
      const actor = await requireUser(services, request);
      assertOwner(actor, 'add a site');
      await assertCanAddSite(services.db, actor.tenantId, services.clock());
      const created = await createSite(services, { ...request.body, tenantId: actor.tenantId });
      request.log.info({ siteId: created.siteId, by: actor.id }, 'site created');
      return reply.code(201).send(ok(created));
    },
  );
};

export default siteRoutes;
