import { useEffect, useState } from 'react';
import { useApi, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';

/** What this PC is: its device code, its server, how the UI is running, tablet pairing. */
export function ThisPcPanel() {
  const api = useApi();
  const identity = useSession((state) => state.identity);
  const bootInfo = useSession((state) => state.info);
  const [info, setInfo] = useState(bootInfo);
  useEffect(() => {
    if (!bootInfo?.lanUrl) return undefined;
    // The pairing code changes when a tablet pairs: keep showing the current one.
    const timer = setInterval(() => void api.call('app:info', null).then(setInfo, () => undefined), 3000);
    return () => clearInterval(timer);
  }, [api, bootInfo]);
  const { siteName } = useReference();
  return (
    <>
      <dl className="panel facts">
        <dt>Device code</dt>
        <dd className="mono">{identity?.deviceCode ?? '—'}</dd>
        <dt>Works for</dt>
        <dd>{identity?.scope === 'tenant' ? 'All sites' : siteName(identity?.siteId)}</dd>
        <dt>Server</dt>
        <dd className="mono">{identity?.serverUrl ?? '—'}</dd>
        <dt>App</dt>
        <dd>
          Forecourt {info?.version} ({info?.mode === 'electron' ? 'desktop app' : 'browser mode'})
        </dd>
      </dl>
      {info?.lanUrl ? (
        <div className="panel">
          <h2>Tablet access</h2>
          {info.pairingCode ? (
            <>
              <p>
                On the tablet, open <span className="mono strong">{info.lanUrl}</span> and enter this code:
              </p>
              <div className="code-value mono" data-testid="pairing-code">
                {info.pairingCode}
              </div>
              <p className="muted small">The code changes after each tablet pairs, and after five wrong tries.</p>
            </>
          ) : (
            <p className="muted">
              This browser is paired with the counter PC. The pairing code is shown on the counter PC only.
            </p>
          )}
        </div>
      ) : null}
    </>
  );
}
