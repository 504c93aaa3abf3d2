import type { ChannelOutput } from '../../../../common/contract.ts';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { PROVIDER_LABELS, providerName } from '../labels.ts';

type ProviderStatus = ChannelOutput<'integrations:status'>['providers'][number];

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
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small integrations-note">
        A provider is in sandbox mode until its account keys are set on the server: payments, SMS and signatures are
        then simulated and nothing leaves the server.
      </p>
    </div>
  );
}
