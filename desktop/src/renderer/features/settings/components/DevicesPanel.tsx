import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { useDeps, useSession } from '../../../app/context.tsx';
import { formatDateTime, text } from '../../../lib/format.ts';
import { useRows } from '../../../lib/use-rows.ts';
import { useServerCall } from '../use-server-call.ts';

/**
 * The counter PCs connected to this company. Owners revoke any PC, managers those of their sites
 * (the server checks); this PC cannot revoke itself here, which would lock the person out mid-task.
 */
export function DevicesPanel() {
  const { rows } = useRows('devices', { orderBy: 'created_at' });
  const { siteName, locale } = useReference();
  const thisDevice = useSession((state) => state.identity?.deviceId);
  const user = useSession((state) => state.user);
  const mayRevoke = (device: Row) =>
    !device.revoked_at &&
    device.id !== thisDevice &&
    (user?.role === 'owner' ||
      (user?.role === 'manager' && device.scope !== 'tenant' && user.siteIds.includes(text(device.site_id))));
  return (
    <div className="panel">
      <h2>Connected PCs</h2>
      <table className="table" data-testid="devices-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Code</th>
            <th>Works for</th>
            <th>Connected</th>
            <th>Status</th>
            <th aria-label="Actions" />
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
                  <span className="pill pill-warn">Revoked {formatDateTime(device.revoked_at, locale)}</span>
                ) : (
                  <span className="pill pill-ok">Active</span>
                )}
              </td>
              <td>{mayRevoke(device) ? <RevokeButton device={device} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({ device }: { device: Row }) {
  const { confirm } = useDeps();
  const { run, busy } = useServerCall();
  const revoke = async () => {
    const answer = await confirm.getState().ask({
      title: `Revoke ${text(device.name)} (${text(device.code)})?`,
      body: 'The PC stops syncing at once and everyone on it is signed out. Work it has not sent yet stays on that PC. To use it again, connect it with a new enrolment code.',
      confirmLabel: 'Revoke PC',
      danger: true,
    });
    if (answer.confirmed) await run('admin:revokeDevice', { deviceId: device.id }, `${text(device.name)} is revoked.`);
  };
  return (
    <button type="button" className="button small danger-outline" disabled={busy} onClick={() => void revoke()}>
      Revoke
    </button>
  );
}
