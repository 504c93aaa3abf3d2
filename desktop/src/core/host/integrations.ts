import { DomainError } from '@forecourt/shared/errors';
import type { ChannelHandlers } from '../../common/api.ts';
import type { Channel, ChannelOutput } from '../../common/contract.ts';
import type { EnrolmentCodeDeps } from './enrolment-codes.ts';
import { evLinkHandlers, unavailableEvLinkHandlers } from './ev-link.ts';
import { serverCaller } from './server-call.ts';
import { terminalReaderHandlers, unavailableTerminalReaderHandlers } from './terminal-readers.ts';

export type IntegrationsChannel = Extract<Channel, `integrations:${string}`>;
export type IntegrationHandlers = ChannelHandlers<IntegrationsChannel>;

/** The same things the enrolment-code issuer needs: identity, the user's tokens, fetch and a clock. */
export type IntegrationsDeps = EnrolmentCodeDeps;

const PER_PAGE = 50;
const OFFLINE = 'the server cannot be reached; the integrations page needs the internet';

/**
 * The owner's integrations page, answered by the sync server (/api/v1/integrations) as the
 * signed-in user: nothing of it is replicated, so every call is online. The server checks that
 * the user is an owner; this side only carries the token, turns the server's `{data, error}`
 * envelope into values or DomainErrors, and keeps to the fields the contract names.
 */
export function createIntegrationHandlers(deps: IntegrationsDeps): IntegrationHandlers {
  const call = serverCaller(deps, OFFLINE);
  return {
    'integrations:status': async () => {
      const data = record(await call('GET', 'integrations/status'));
      return { providers: list(data.providers).map(providerStatusOf) };
    },
    'integrations:events': async (input) => {
      const query = new URLSearchParams({ page: String(input.page ?? 1), per_page: String(PER_PAGE) });
      if (input.provider) query.set('provider', input.provider);
      if (input.status) query.set('status', input.status);
      return pageOf(await call('GET', `integrations/events?${query.toString()}`), eventOf);
    },
    'integrations:retryEvent': async (input) => {
      await call('POST', `integrations/events/${encodeURIComponent(input.id)}/retry`, {});
      return null;
    },
    'integrations:calls': async (input) => {
      const query = new URLSearchParams({ page: String(input.page ?? 1), per_page: String(PER_PAGE) });
      return pageOf(await call('GET', `integrations/calls?${query.toString()}`), callOf);
    },
    'integrations:retryCall': async (input) => {
      await call('POST', `integrations/calls/${encodeURIComponent(input.id)}/retry`, {});
      return null;
    },
    'integrations:apiKeys': async () => list(record(await call('GET', 'integrations/api-keys')).items).map(apiKeyOf),
    'integrations:createApiKey': async (input) => {
      const data = record(await call('POST', 'integrations/api-keys', { name: input.name, scope: input.scope }));
      return { id: text(data.id), key: text(data.key), prefix: text(data.prefix), scope: text(data.scope) };
    },
    'integrations:revokeApiKey': async (input) => {
      await call('DELETE', `integrations/api-keys/${encodeURIComponent(input.id)}`);
      return null;
    },
    ...evLinkHandlers(call),
    ...terminalReaderHandlers(call),
  };
}

const NONSENSE = () => new DomainError('unavailable', 'the server answered nonsense');

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NONSENSE();
  return value as Record<string, unknown>; // an object; each field is read through a checker below
}
function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw NONSENSE();
  return value;
}
function text(value: unknown): string {
  if (typeof value !== 'string') throw NONSENSE();
  return value;
}
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : text(value));
const count = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) ? value : 0);

type Out<C extends IntegrationsChannel> = ChannelOutput<C>;
type ProviderStatus = Out<'integrations:status'>['providers'][number];
type WebhookEvent = Out<'integrations:events'>['items'][number];
type OutboundCall = Out<'integrations:calls'>['items'][number];
type ApiKey = Out<'integrations:apiKeys'>[number];

const PROVIDERS = ['stripe', 'docusign', 'enode', 'twilio'] as const;
const INBOX_STATUSES = ['queued', 'processed', 'ignored', 'retrying', 'dead'] as const;
function oneOf<T extends string>(options: readonly T[], value: unknown): T {
  const found = options.find((option) => option === value);
  if (!found) throw NONSENSE();
  return found;
}

function providerStatusOf(value: unknown): ProviderStatus {
  const row = record(value);
  return {
    provider: oneOf(PROVIDERS, row.provider),
    mode: row.mode === 'live' ? 'live' : 'sandbox',
    webhooksConfigured: row.webhooksConfigured === true,
    lastEventAt: textOrNull(row.lastEventAt),
    processed: count(row.processed),
    retrying: count(row.retrying),
    dead: count(row.dead),
    lastError: textOrNull(row.lastError),
    // An older server sends no sources: the page then shows none.
    secrets: (Array.isArray(row.secrets) ? row.secrets : []).map((entry) => {
      const secret = record(entry);
      return { name: text(secret.name), source: oneOf(SECRET_SOURCES, secret.source) };
    }),
  };
}

const SECRET_SOURCES = ['env', 'settings', 'env+settings', 'unset'] as const;

function eventOf(value: unknown): WebhookEvent {
  const row = record(value);
  return {
    id: text(row.id),
    provider: oneOf(PROVIDERS, row.provider),
    eventType: text(row.eventType),
    receivedAt: text(row.receivedAt),
    status: oneOf(INBOX_STATUSES, row.status),
    attempts: count(row.attempts),
    result: textOrNull(row.result),
    lastError: textOrNull(row.lastError),
    processedAt: textOrNull(row.processedAt),
  };
}

function callOf(value: unknown): OutboundCall {
  const row = record(value);
  return {
    id: text(row.id),
    provider: text(row.provider),
    operation: text(row.operation),
    status: text(row.status),
    attempts: count(row.attempts),
    lastError: textOrNull(row.lastError),
    createdAt: text(row.createdAt),
    updatedAt: text(row.updatedAt),
  };
}

function apiKeyOf(value: unknown): ApiKey {
  const row = record(value);
  return {
    id: text(row.id),
    name: text(row.name),
    prefix: text(row.prefix),
    scope: text(row.scope),
    createdAt: text(row.createdAt),
    lastUsedAt: textOrNull(row.lastUsedAt),
    revokedAt: textOrNull(row.revokedAt),
  };
}

function pageOf<T>(value: unknown, item: (row: unknown) => T) {
  const data = record(value);
  return {
    items: list(data.items).map(item),
    total: count(data.total),
    page: count(data.page) || 1,
    perPage: count(data.per_page) || PER_PAGE,
  };
}

/** Where the core cannot reach a server on the user's behalf (tests, a core without secrets). */
export function unavailableIntegrationHandlers(): IntegrationHandlers {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the integrations page');
  };
  return {
    'integrations:status': refuse,
    'integrations:events': refuse,
    'integrations:retryEvent': refuse,
    'integrations:calls': refuse,
    'integrations:retryCall': refuse,
    'integrations:apiKeys': refuse,
    'integrations:createApiKey': refuse,
    'integrations:revokeApiKey': refuse,
    ...unavailableEvLinkHandlers(),
    ...unavailableTerminalReaderHandlers(),
  };
}
