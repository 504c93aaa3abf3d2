import { withSettings, type SettingSource } from '../settings/merge.ts';
import type { SettingName } from '../settings/names.ts';

/**
 * Configuration of the integrations hub, from the environment and the server's encrypted
 * settings (`src/settings`: a setting fills a variable the environment leaves unset; comma-list
 * secrets take the values of both). A provider whose API key is absent runs in sandbox mode (a
 * local fake inside the server); its webhook secrets may still be set. Every secret variable
 * takes several comma-separated values: all are valid at once (rotation).
 */
export type ProviderName = 'stripe' | 'docusign' | 'enode' | 'twilio';
export const PROVIDERS: readonly ProviderName[] = ['stripe', 'docusign', 'enode', 'twilio'];

export interface IntegrationsConfig {
  /** `in-process` runs the job workers inside the server; `external` leaves them to worker processes. */
  readonly workers: 'in-process' | 'external';
  /** The public https base URL providers call (Twilio signs the full URL). */
  readonly publicBaseUrl: string;
  readonly stripe: {
    readonly secretKey: string | null;
    readonly webhookSecrets: readonly string[];
    /** Seconds a Stripe-Signature timestamp may be old, or ahead of our clock. */
    readonly toleranceSeconds: number;
    /** Non-default API endpoint (tests: a local fake), e.g. http://127.0.0.1:4010. */
    readonly apiBase: string | null;
  };
  readonly docusign: {
    readonly hmacKeys: readonly string[];
    readonly accessToken: string | null;
    readonly accountId: string | null;
    readonly apiBase: string | null;
  };
  readonly enode: {
    readonly webhookSecrets: readonly string[];
    readonly clientId: string | null;
    readonly clientSecret: string | null;
    readonly apiBase: string | null;
    readonly oauthUrl: string | null;
  };
  readonly twilio: {
    readonly accountSid: string | null;
    readonly authTokens: readonly string[];
    readonly fromNumber: string | null;
    readonly verifyServiceSid: string | null;
    readonly apiBase: string | null;
  };
  readonly queue: {
    /** Poll interval of idle workers; a job enqueued by this process wakes them at once. */
    readonly pollingIntervalSeconds: number;
    readonly batchSize: number;
    /** A job active for longer than this is taken to have died with its worker and is retried. */
    readonly expireInSeconds: number;
    readonly retryLimit: number;
    readonly retryDelaySeconds: number;
    readonly maintenanceIntervalSeconds: number;
    /** How often reconciliation jobs are enqueued (one per provider per interval, across instances). */
    readonly reconcileIntervalSeconds: number;
  };
  /**
   * The operator's cap on SMS per tenant per calendar month (SMS_MONTHLY_LIMIT); null when unset:
   * the tenant's tier sets the allowance (billing/tiers.ts), this only lowers it.
   */
  readonly smsMonthlyLimit: number | null;
  /** Push vehicles to the fleet platform (FLEET_PUSH=on); only the fake platform exists so far. */
  readonly fleetPush: boolean;
  /** Where each provider variable's value came from (never the value), for the owner's page. */
  readonly sources: Readonly<Record<SettingName, SettingSource>>;
}

/** Comma-separated secrets, trimmed, empties dropped: `whsec_new,whsec_old`. */
export function secretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

const orNull = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : null);

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number`);
  return parsed;
}

export function loadIntegrationsConfig(
  processEnv: NodeJS.ProcessEnv,
  settings: Partial<Record<SettingName, string>> = {},
): IntegrationsConfig {
  const { env, sources } = withSettings(processEnv, settings);
  const workers = env.INTEGRATIONS_WORKERS ?? 'in-process';
  if (workers !== 'in-process' && workers !== 'external') {
    throw new Error('INTEGRATIONS_WORKERS must be in-process or external');
  }
  return {
    workers,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    stripe: {
      secretKey: orNull(env.STRIPE_SECRET_KEY),
      webhookSecrets: secretList(env.STRIPE_WEBHOOK_SECRET),
      toleranceSeconds: positive(env.STRIPE_WEBHOOK_TOLERANCE_SECONDS, 300, 'STRIPE_WEBHOOK_TOLERANCE_SECONDS'),
      apiBase: orNull(env.STRIPE_API_BASE),
    },
    docusign: {
      hmacKeys: secretList(env.DOCUSIGN_HMAC_KEYS),
      accessToken: orNull(env.DOCUSIGN_ACCESS_TOKEN),
      accountId: orNull(env.DOCUSIGN_ACCOUNT_ID),
      apiBase: orNull(env.DOCUSIGN_API_BASE),
    },
    enode: {
      webhookSecrets: secretList(env.ENODE_WEBHOOK_SECRET),
      clientId: orNull(env.ENODE_CLIENT_ID),
      clientSecret: orNull(env.ENODE_CLIENT_SECRET),
      apiBase: orNull(env.ENODE_API_BASE),
      oauthUrl: orNull(env.ENODE_OAUTH_URL),
    },
    twilio: {
      accountSid: orNull(env.TWILIO_ACCOUNT_SID),
      authTokens: secretList(env.TWILIO_AUTH_TOKEN),
      fromNumber: orNull(env.TWILIO_FROM_NUMBER),
      verifyServiceSid: orNull(env.TWILIO_VERIFY_SERVICE_SID),
      apiBase: orNull(env.TWILIO_API_BASE),
    },
    queue: {
      pollingIntervalSeconds: positive(env.INTEGRATIONS_POLL_SECONDS, 2, 'INTEGRATIONS_POLL_SECONDS'),
      batchSize: positive(env.INTEGRATIONS_BATCH_SIZE, 20, 'INTEGRATIONS_BATCH_SIZE'),
      expireInSeconds: positive(env.INTEGRATIONS_JOB_EXPIRE_SECONDS, 120, 'INTEGRATIONS_JOB_EXPIRE_SECONDS'),
      retryLimit: positive(env.INTEGRATIONS_RETRY_LIMIT, 12, 'INTEGRATIONS_RETRY_LIMIT'),
      retryDelaySeconds: positive(env.INTEGRATIONS_RETRY_DELAY_SECONDS, 5, 'INTEGRATIONS_RETRY_DELAY_SECONDS'),
      maintenanceIntervalSeconds: positive(
        env.INTEGRATIONS_MAINTENANCE_SECONDS,
        60,
        'INTEGRATIONS_MAINTENANCE_SECONDS',
      ),
      reconcileIntervalSeconds: positive(env.INTEGRATIONS_RECONCILE_SECONDS, 300, 'INTEGRATIONS_RECONCILE_SECONDS'),
    },
    smsMonthlyLimit: env.SMS_MONTHLY_LIMIT ? positive(env.SMS_MONTHLY_LIMIT, 1, 'SMS_MONTHLY_LIMIT') : null,
    fleetPush: env.FLEET_PUSH === 'on',
    sources,
  };
}

/** Live when the provider's API credentials are configured; otherwise the in-server sandbox. */
export function providerMode(config: IntegrationsConfig, provider: ProviderName): 'live' | 'sandbox' {
  switch (provider) {
    case 'stripe':
      return config.stripe.secretKey ? 'live' : 'sandbox';
    case 'docusign':
      return config.docusign.accessToken && config.docusign.accountId ? 'live' : 'sandbox';
    case 'enode':
      return config.enode.clientId && config.enode.clientSecret ? 'live' : 'sandbox';
    case 'twilio':
      return config.twilio.accountSid && config.twilio.authTokens.length > 0 ? 'live' : 'sandbox';
  }
}
