import type { ChannelOutput } from '../../../../common/contract.ts';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { PROVIDER_LABELS, providerName } from '../labels.ts';

type ProviderStatus = ChannelOutput<'integrations:status'>['providers'][number];

const SECRET_LABELS: Readonly<Record<string, string>> = {
  STRIPE_SECRET_KEY: 'API key',
  STRIPE_WEBHOOK_SECRET: 'Webhook secret',
  DOCUSIGN_HMAC_KEYS: 'Connect HMAC keys',
  DOCUSIGN_ACCESS_TOKEN: 'Access token',
  ENODE_WEBHOOK_SECRET: 'Webhook secret',
  ENODE_CLIENT_SECRET: 'Client secret',
  TWILIO_AUTH_TOKEN: 'Auth token',
};
const SOURCE_LABELS: Readonly<Record<ProviderStatus['secrets'][number]['source'], string>> = {
  env: 'environment',
  settings: 'encrypted settings',
  'env+settings': 'environment and settings',
  unset: 'not set',
};

/** Each provider: sandbox or live, whether it can send us events, its last event and failures. */
export function ProvidersPanel(props: { providers: readonly ProviderStatus[]; onShowFailed: () => void }) {
  const { locale } = useReference();
  return (
    <div className="panel">
      <h2>Providers</h2>
      <table className="table" data-testid="provider-table">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Mode</th>
            <th>Events from the provider</th>
            <th>Last event</th>
            <th className="num">Done</th>
            <th className="num">Retrying</th>
            <th className="num">Failed</th>
            <th>Last error</th>
            <th>Secrets from</th>
          </tr>
        </thead>
        <tbody>
          {props.providers.map((status) => (
            <tr key={status.provider}>
              <td>
                <div className="strong">{providerName(status.provider)}</div>
                <div className="muted small">{PROVIDER_LABELS[status.provider]?.purpose}</div>
              </td>
              <td>
                {status.mode === 'live' ? (
                  <span className="pill pill-ok">Live</span>
                ) : (
                  <span className="pill pill-neutral" title="No account connected: nothing leaves the server">
                    Sandbox
                  </span>
                )}
              </td>
              <td>{status.webhooksConfigured ? 'Receiving' : <span className="muted">Not set up</span>}</td>
              <td>{formatDateTime(status.lastEventAt, locale)}</td>
              <td className="num">{status.processed}</td>
              <td className="num">{status.retrying}</td>
              <td className="num">
                {status.dead > 0 ? (
                  <button type="button" className="link warn-link" onClick={props.onShowFailed}>
                    {status.dead}
                  </button>
                ) : (
                  0
                )}
              </td>
              <td className="small">{status.lastError ?? <span className="muted">—</span>}</td>
              <td className="small" data-testid={`secret-sources-${status.provider}`}>
                {status.secrets.map((secret) => (
                  <div key={secret.name} title={secret.name}>
                    {SECRET_LABELS[secret.name] ?? secret.name}:{' '}
                    <span className={secret.source === 'unset' ? 'muted' : undefined}>
                      {SOURCE_LABELS[secret.source]}
                    </span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small integrations-note">
        A provider is in sandbox mode until its account keys are set on the server: payments, SMS and signatures are
        then simulated and nothing leaves the server. Keys come from the server’s environment or its encrypted settings
        (<code>forecourt-server settings set</code>); only where each comes from is shown here.
      </p>
    </div>
  );
}
