import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { envelopeResponses, failure, ok } from '../../http/envelope.ts';
import type { ProviderName } from '../../integrations/config.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import { verifyDocusign } from '../../integrations/providers/docusign/webhook.ts';
import { verifyEnode } from '../../integrations/providers/enode/webhook.ts';
import { verifyStripe } from '../../integrations/providers/stripe/webhook.ts';
import { verifyTwilio, type TwilioForm } from '../../integrations/providers/twilio/webhook.ts';
import type { ReceivedWebhook, RejectReason, VerifyOutcome } from '../../integrations/providers/webhook-types.ts';

export interface WebhookRouteOptions {
  readonly hub: IntegrationHub;
  readonly clock: () => number;
}

/** Connect and Stripe events are small; documents are never sent in them. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const Received = Type.Object({ received: Type.Integer(), queued: Type.Integer() });
const schema = { response: envelopeResponses(Received) };

/** Never 410: senders read it as "disable this endpoint". */
const REJECTION: Record<RejectReason, { status: number; code: string; message: string }> = {
  'not-configured': {
    status: 503,
    code: 'unavailable',
    message: 'webhooks of this provider are not configured on this server',
  },
  'missing-signature': { status: 400, code: 'invalid', message: 'the signature header is missing' },
  'bad-signature': { status: 401, code: 'unauthenticated', message: 'the signature does not match' },
  stale: { status: 400, code: 'invalid', message: 'the signature timestamp is outside the tolerance' },
  malformed: { status: 400, code: 'invalid', message: 'the event could not be read' },
};

function received(request: FastifyRequest, clock: () => number): ReceivedWebhook {
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { rawBody, headers: request.headers, url: request.url, receivedAtMs: clock() };
}

async function answer(
  provider: ProviderName,
  outcome: VerifyOutcome,
  hub: IntegrationHub,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (!outcome.ok) {
    const rejection = REJECTION[outcome.reason];
    request.log.info({ provider, reason: outcome.reason }, 'webhook rejected');
    return reply.code(rejection.status).send(failure(rejection.code, rejection.message));
  }
  const result = await hub.receive(outcome.events);
  request.log.info({ provider, events: result.stored, queued: result.queued }, 'webhook stored');
  return reply.code(200).send(ok({ received: result.stored, queued: result.queued }));
}

/**
 * POST /webhooks/{stripe,docusign,enode,twilio}. JSON bodies are parsed as a Buffer in this
 * encapsulated context, so each signature is checked on the exact bytes received; Twilio's form
 * posts go through @fastify/formbody. A verified event is stored and enqueued before the 2xx
 * (also for duplicates and ignored types); a failed check stores nothing.
 */
export default async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { hub, clock } = options;
  const config = hub.config;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  const stripe = verifyStripe(config.stripe.webhookSecrets, config.stripe.toleranceSeconds);
  const docusign = verifyDocusign(config.docusign.hmacKeys);
  const enode = verifyEnode(config.enode.webhookSecrets);

  app.post('/stripe', { schema, bodyLimit: WEBHOOK_BODY_LIMIT }, (request, reply) =>
    answer('stripe', stripe(received(request, clock)), hub, request, reply),
  );
  app.post('/docusign', { schema, bodyLimit: WEBHOOK_BODY_LIMIT }, (request, reply) =>
    answer('docusign', docusign(received(request, clock)), hub, request, reply),
  );
  app.post('/enode', { schema, bodyLimit: WEBHOOK_BODY_LIMIT }, (request, reply) =>
    answer('enode', enode(received(request, clock)), hub, request, reply),
  );

  await app.register(async (forms) => {
    await forms.register(formbody, { bodyLimit: WEBHOOK_BODY_LIMIT });
    const twilio = verifyTwilio(config.twilio.authTokens, config.publicBaseUrl);
    forms.post('/twilio', { schema, bodyLimit: WEBHOOK_BODY_LIMIT }, (request, reply) => {
      const form = isForm(request.body) ? request.body : null;
      return answer('twilio', twilio(received(request, clock), form), hub, request, reply);
    });
  });
}

function isForm(body: unknown): body is TwilioForm {
  return !!body && typeof body === 'object' && !Buffer.isBuffer(body);
}
