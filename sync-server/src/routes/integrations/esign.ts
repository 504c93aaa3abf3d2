import { DomainError, uuidv7 } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { optionalDevice, requireUser } from '../../http/request-auth.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { AppServices } from '../../services.ts';

const Uuid = Type.String({ format: 'uuid' });

const DocumentBody = Type.Object(
  {
    id: Type.Optional(Uuid),
    siteId: Uuid,
    kind: Type.Union([Type.Literal('rental_contract'), Type.Literal('partner_agreement'), Type.Literal('estimate')]),
    subjectId: Type.Optional(Uuid),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    signerName: Type.String({ minLength: 1, maxLength: 100 }),
    signerEmail: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 }),
    mode: Type.Union([Type.Literal('email'), Type.Literal('in_person')]),
    pdfBase64: Type.String({ minLength: 8, maxLength: 10 * 1024 * 1024, description: 'the PDF to sign, base64' }),
  },
  { additionalProperties: false },
);

/**
 * eSign: send a document for signature by email or for signing in person at the counter (an
 * embedded signing view in an app window), and download the signed PDF once Connect said so.
 */
const esignRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  app.post(
    '/esign/documents',
    { schema: { body: DocumentBody, response: envelopeResponses(Type.Object({ documentId: Type.String() }), 201) } },
    async (request, reply) => {
      const user = await requireUser(services, request);
      const body = request.body;
      if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot send documents');
      if (user.role !== 'owner' && !user.siteIds.includes(body.siteId))
        throw new DomainError('forbidden', 'you do not work at this site');
      const pdf = Buffer.from(body.pdfBase64, 'base64');
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
        throw new DomainError('invalid', 'the document is not a PDF');
      const created = await hub.requestSignature({
        documentId: body.id ?? uuidv7(services.clock()),
        tenantId: user.tenantId,
        siteId: body.siteId,
        kind: body.kind,
        subjectId: body.subjectId ?? null,
        title: body.title,
        signerName: body.signerName,
        signerEmail: body.signerEmail,
        mode: body.mode,
        pdf,
        requestedBy: user.id,
      });
      request.log.info({ documentId: created.documentId, kind: body.kind, mode: body.mode }, 'signature requested');
      return reply.code(201).send(ok(created));
    },
  );

  app.post(
    '/esign/documents/:id/signing-view',
    {
      schema: {
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { returnUrl: Type.String({ pattern: '^https?://', maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: envelopeResponses(Type.Object({ url: Type.String() })),
      },
    },
    async (request) => {
      const user = await requireUser(services, request);
      if (user.role === 'viewer') throw new DomainError('forbidden', 'a viewer cannot open a signing session');
      return ok(await hub.signingView(user.tenantId, request.params.id, request.body.returnUrl));
    },
  );

  app.get(
    '/esign/files/:sha256',
    { schema: { params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) } },
    async (request, reply) => {
      const device = await optionalDevice(services, request);
      const tenantId = device ? device.tenantId : (await requireUser(services, request)).tenantId;
      const bytes = await hub.signedFile(tenantId, request.params.sha256);
      if (!bytes) throw new DomainError('not-found', 'no signed file with this hash');
      return reply.type('application/pdf').header('cache-control', 'private, max-age=31536000, immutable').send(bytes);
    },
  );
};

export default esignRoutes;
