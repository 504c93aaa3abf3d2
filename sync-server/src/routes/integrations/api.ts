import rateLimit from '@fastify/rate-limit';
import { DomainError, uuidv7 } from '@forecourt/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { currentPlan } from '../../billing/store.ts';
import { API_RATE_LIMITS, authenticateApiKey, type ApiKeyRecord } from '../../integrations/api-keys.ts';
import type { IntegrationHub } from '../../integrations/hub.ts';
import type { AppServices } from '../../services.ts';

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header.trim();
  const bearer = /^Bearer\s+(fck_\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
  return bearer?.[1] ?? null;
}

const Vehicle = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  registration: Type.String(),
  make: Type.Union([Type.String(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  batteryPercent: Type.Union([Type.Integer(), Type.Null()]),
  rangeKm: Type.Union([Type.Integer(), Type.Null()]),
  odometerKm: Type.Union([Type.Integer(), Type.Null()]),
  chargeStateAt: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The API for third-party systems, authenticated by API key (scope read or read-write) and rate
 * limited per key by the tenant's tier; past the limit: 429 `rate-limited` with Retry-After.
 */
const thirdPartyApi: FastifyPluginAsyncTypebox<{ services: AppServices; hub: IntegrationHub }> = async (
  app,
  { services, hub },
) => {
  const keys = new WeakMap<FastifyRequest, ApiKeyRecord>();
  const keyOf = (request: FastifyRequest): ApiKeyRecord => {
    const key = keys.get(request);
    if (!key) throw new DomainError('unauthenticated', 'send a valid API key');
    return key;
  };
  app.addHook('onRequest', async (request) => {
    keys.set(request, await authenticateApiKey(services.db, services.clock, presentedKey(request)));
  });
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    // The key's tenant's tier (billing/tiers.ts); the trial gets Starter's rate.
    max: async (request) => {
      const key = keys.get(request);
      if (!key) return API_RATE_LIMITS.starter;
      const plan = await currentPlan(services.db, key.tenantId, services.clock());
      return API_RATE_LIMITS[plan.tier ?? 'starter'];
    },
    keyGenerator: (request) => keys.get(request)?.id ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'rate-limited',
        `rate limit of ${context.max} requests per minute reached; retry in ${context.after}`,
        { retryAfter: context.after },
      ),
  });

  app.get(
    '/vehicles',
    {
      schema: {
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: envelopeResponses(
          Type.Object({
            items: Type.Array(Vehicle),
            total: Type.Integer(),
            page: Type.Integer(),
            per_page: Type.Integer(),
          }),
        ),
      },
    },
    async (request) => {
      const { tenantId } = keyOf(request);
      const { page = 1, per_page: perPage = 50 } = request.query;
      const total = await services.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM vehicles WHERE tenant_id = $1 AND deleted_at IS NULL',
        [tenantId],
      );
      const rows = await services.db.query<{
        id: string;
        site_id: string;
        registration: string;
        make: string | null;
        model: string | null;
        battery_percent: number | null;
        range_km: number | null;
        odometer_km: number | null;
        charge_state_at: string | null;
      }>(
        `SELECT v.id, v.site_id, v.registration, v.make, v.model, e.battery_percent, e.range_km, e.odometer_km, e.charge_state_at
           FROM vehicles v LEFT JOIN vehicle_ev_state e ON e.vehicle_id = v.id AND e.tenant_id = v.tenant_id
          WHERE v.tenant_id = $1 AND v.deleted_at IS NULL ORDER BY v.id LIMIT $2 OFFSET $3`,
        [tenantId, perPage, (page - 1) * perPage],
      );
      const items = rows.rows.map((row) => ({
        id: row.id,
        siteId: row.site_id,
        registration: row.registration,
        make: row.make,
        model: row.model,
        batteryPercent: row.battery_percent === null ? null : Number(row.battery_percent),
        rangeKm: row.range_km === null ? null : Number(row.range_km),
        odometerKm: row.odometer_km === null ? null : Number(row.odometer_km),
        chargeStateAt: row.charge_state_at,
      }));
      return ok({ items, total: Number(total.rows[0]?.n ?? 0), page, per_page: perPage });
    },
  );

  app.post(
    '/sms',
    {
      schema: {
        body: Type.Object(
          {
            siteId: Type.String({ format: 'uuid' }),
            to: Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' }),
            body: Type.String({ minLength: 1, maxLength: 640 }),
            id: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: envelopeResponses(Type.Object({ messageId: Type.String(), status: Type.String() }), 201),
      },
    },
    async (request, reply) => {
      const key = keyOf(request);
      if (key.scope !== 'read-write') throw new DomainError('forbidden', 'this API key may only read');
      const site = await services.db.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2', [
        request.body.siteId,
        key.tenantId,
      ]);
      if (site.rows.length === 0) throw new DomainError('not-found', 'site not found');
      const sent = await hub.sendSms({
        messageId: request.body.id ?? uuidv7(services.clock()),
        tenantId: key.tenantId,
        siteId: request.body.siteId,
        to: request.body.to,
        body: request.body.body,
        purpose: 'api',
        customerId: null,
        jobId: null,
        sentBy: key.createdBy,
      });
      request.log.info({ apiKeyId: key.id, messageId: sent.messageId }, 'sms requested by API key');
      return reply.code(201).send(ok(sent));
    },
  );
};

export default thirdPartyApi;
