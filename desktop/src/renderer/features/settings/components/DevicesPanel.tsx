import { useReference } from '../../../app/reference.ts';
import { useSession } from '../../../app/context.tsx';
import { formatDateTime, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';

/** The counter PCs connected to this company. Revoking needs a server route that is not exposed yet. */
export function DevicesPanel() {
  const { rows } = useRows('devices', { orderBy: 'created_at' });
  const { siteName, locale } = useReference();
  const thisDevice = useSession((state) => state.identity?.deviceId);
  return (
    <div className="panel">
      <h2>Connected PCs</h2>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Code</th>
            <th>Works for</th>
            <th>Connected</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((device) => (
            <tr key={device.id}>
              <td className="strong">
                {text(device.name)}
                {device.id === thisDevice ? <span className="muted"> (this PC)</span> : null}
              </td>
              <td className="mono">{text(device.code)}</td>
              <td>{device.scope === 'tenant' ? 'All sites' : siteName(device.site_id)}</td>
              <td>{formatDateTime(device.created_at, locale)}</td>
              <td>
                {device.revoked_at ? (
                  <span className="pill pill-warn">Revoked</span>
                ) : (
                  <span className="pill pill-ok">Active</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
