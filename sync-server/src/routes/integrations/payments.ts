import { DomainError, uuidv7 } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { AppServices } from '../../services.ts';

const Uuid = Type.String({ format: 'uuid' });

const LinkBody = Type.Object(
  {
    id: Type.Optional(Uuid),
    siteId: Uuid,
    jobId: Uuid,
    amountMinor: Type.Integer({ minimum: 1 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    kind: Type.Union([Type.Literal('advance'), Type.Literal('partial'), Type.Literal('final')]),
    phone: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' })),
  },
  { additionalProperties: false },
);

const RefundBody = Type.Object(
  {
    requestId: Type.String({ format: 'uuid', description: 'one per refund request: a repeat is the same refund' }),
    amountMinor: Type.Optional(Type.Integer({ minimum: 1, description: 'absent: refund what remains' })),
    reason: Type.Optional(
      Type.Union([Type.Literal('requested_by_customer'), Type.Literal('duplicate'), Type.Literal('fraudulent')], {
        description: 'Stripe’s reason, sent with the refund',
      }),
    ),
    note: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'our own words, kept on the refund row, not sent to Stripe',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Online payments from the counter: pay by link (Stripe Checkout, sent by SMS) and refunds. */
const paymentRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  app.post(
    '/payments/links',
    { schema: { body: LinkBody, response: envelopeResponses(Type.Object({ paymentId: Type.String() }), 201) } },
    async (request, reply) => {
      const user = await requireUser(services, request);
      if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot take payments');
      if (user.role !== 'owner' && !user.siteIds.includes(request.body.siteId))
        throw new DomainError('forbidden', 'you do not work at this site');
      const created = await hub.requestPaymentLink({
        paymentId: request.body.id ?? uuidv7(services.clock()),
        tenantId: user.tenantId,
        siteId: request.body.siteId,
        jobId: request.body.jobId,
        amountMinor: request.body.amountMinor,
        currency: request.body.currency,
        kind: request.body.kind,
        phone: request.body.phone ?? null,
        recordedBy: user.id,
      });
      request.log.info({ paymentId: created.paymentId, by: user.id }, 'payment link requested');
      return reply.code(201).send(ok(created));
    },
  );

  app.post(
    '/payments/:paymentId/refunds',
    {
      schema: {
        params: Type.Object({ paymentId: Uuid }),
        body: RefundBody,
        response: envelopeResponses(Type.Object({ callId: Type.String() }), 201),
      },
    },
    async (request, reply) => {
      const user = await requireUser(services, request);
      if (user.role !== 'owner' && user.role !== 'manager')
        throw new DomainError('forbidden', 'only an owner or a manager refunds');
      if (user.role === 'manager') {
        const site = await services.db.query<{ site_id: string }>(
          'SELECT site_id FROM payments WHERE id = $1 AND tenant_id = $2',
          [request.params.paymentId, user.tenantId],
        );
        const siteId = site.rows[0]?.site_id;
        if (siteId && !user.siteIds.includes(siteId))
          throw new DomainError('forbidden', 'this payment belongs to another site');
      }
      const refund = await hub.requestRefund({
        tenantId: user.tenantId,
        paymentId: request.params.paymentId,
        requestId: request.body.requestId,
        amountMinor: request.body.amountMinor ?? null,
        reason: request.body.reason ?? null,
        note: request.body.note ?? null,
      });
      request.log.info({ paymentId: request.params.paymentId, callId: refund.callId, by: user.id }, 'refund requested');
      return reply.code(201).send(ok(refund));
    },
  );
};

export default paymentRoutes;
