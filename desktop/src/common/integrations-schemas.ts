import Type from 'typebox';
import { Nullable } from './schemas.ts';

/**
 * The owner's integrations page as it crosses the UI boundary: the sync server's
 * /api/v1/integrations answers (docs/integrations.md), reduced to what the page shows. The core
 * fetches them with the signed-in user's access token; the UI never holds that token.
 */
export const IntegrationProviderSchema = Type.Union([
  Type.Literal('stripe'),
  Type.Literal('docusign'),
  Type.Literal('enode'),
  Type.Literal('twilio'),
]);

export const ProviderStatusSchema = Type.Object({
  provider: IntegrationProviderSchema,
  mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
  webhooksConfigured: Type.Boolean(),
  lastEventAt: Nullable(Type.String()),
  processed: Type.Integer(),
  retrying: Type.Integer(),
  dead: Type.Integer(),
  lastError: Nullable(Type.String()),
  /** Each secret variable of the provider and where the server took it from; never its value. */
  secrets: Type.Array(
    Type.Object({
      name: Type.String(),
      source: Type.Union([
        Type.Literal('env'),
        Type.Literal('settings'),
        Type.Literal('env+settings'),
        Type.Literal('unset'),
      ]),
    }),
  ),
});

export const InboxStatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('processed'),
  Type.Literal('ignored'),
  Type.Literal('retrying'),
  Type.Literal('dead'),
]);

export const WebhookEventSchema = Type.Object({
  id: Type.String(),
  provider: IntegrationProviderSchema,
  eventType: Type.String(),
  receivedAt: Type.String(),
  status: InboxStatusSchema,
  attempts: Type.Integer(),
  result: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  processedAt: Nullable(Type.String()),
});

export const OutboundCallSchema = Type.Object({
  id: Type.String(),
  provider: Type.String(),
  operation: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  scope: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});

export const ApiKeyScopeSchema = Type.Union([Type.Literal('read'), Type.Literal('read-write')]);

/** The answer to creating a key: `key` is the secret, shown this once and never stored on the PC. */
export const CreatedApiKeySchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  prefix: Type.String(),
  scope: Type.String(),
});

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 }));

export const EventsQuerySchema = Type.Object(
  {
    provider: Type.Optional(IntegrationProviderSchema),
    status: Type.Optional(InboxStatusSchema),
    page: Page,
  },
  { additionalProperties: false },
);

export const PageQuerySchema = Type.Object({ page: Page }, { additionalProperties: false });

export const IdInputSchema = Type.Object({ id: Id }, { additionalProperties: false });

export const NewApiKeySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }), scope: ApiKeyScopeSchema },
  { additionalProperties: false },
);

export const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() });
