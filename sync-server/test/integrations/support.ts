import { vi } from 'vitest';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.ts';
import { enrolTestDevice, signInOn, startTestServer, type SeededTenant, type TestServer } from '../support/app.ts';
import type { DatabaseKind } from '../support/databases.ts';

/** Secrets the test servers are configured with; each provider has a current and a rotated-out one. */
export const SECRETS = {
  stripe: ['whsec_test_current', 'whsec_test_previous'],
  docusign: ['docusign-key-current', 'docusign-key-previous'],
  enode: ['enode-secret-current', 'enode-secret-previous'],
  twilio: ['twilio-token-current', 'twilio-token-previous'],
} as const;

export const PUBLIC_BASE_URL = 'https://forecourt.example.test';

/**
 * The integrations hub reads its configuration from the environment like in production; tests
 * set it with vi.stubEnv (each test file runs in its own process) before building the real app.
 */
export function stubIntegrationEnv(extra: Record<string, string> = {}): void {
  const env: Record<string, string> = {
    STRIPE_WEBHOOK_SECRET: SECRETS.stripe.join(','),
    DOCUSIGN_HMAC_KEYS: SECRETS.docusign.join(','),
    ENODE_WEBHOOK_SECRET: SECRETS.enode.join(','),
    TWILIO_AUTH_TOKEN: SECRETS.twilio.join(','),
    PUBLIC_BASE_URL,
    INTEGRATIONS_POLL_SECONDS: '0.5',
    INTEGRATIONS_RETRY_DELAY_SECONDS: '1',
    INTEGRATIONS_MAINTENANCE_SECONDS: '1',
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

export async function startIntegrationServer(
  kind: DatabaseKind,
  extra: Record<string, string> = {},
  options: Parameters<typeof startTestServer>[1] = {},
): Promise<TestServer> {
  stubIntegrationEnv(extra);
  return startTestServer(kind, options);
}

/** A logger whose lines the test can read back (to prove what is never logged). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

/** Signs in the tenant's owner on a new all-sites device; headers for the owner's API calls. */
export async function ownerHeaders(server: TestServer, tenant: SeededTenant): Promise<Record<string, string>> {
  const device = await enrolTestDevice(server, { tenantId: tenant.tenantId, scope: 'tenant' });
  const session = await signInOn(server, device, tenant.ownerEmail);
  return { authorization: device.authorization, 'x-user-token': session.accessToken };
}

/** Polls until check returns a value other than undefined/false, or fails after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function inboxRows(server: TestServer, provider: string) {
  const result = await server.db.query<{
    id: string;
    event_key: string;
    status: string;
    event_type: string;
    result: string | null;
    attempts: number;
    last_error: string | null;
    tenant_id: string | null;
  }>(
    'SELECT id, event_key, status, event_type, result, attempts, last_error, tenant_id FROM webhook_inbox WHERE provider = $1 ORDER BY received_at, id',
    [provider],
  );
  return result.rows;
}
