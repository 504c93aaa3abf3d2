import { useCallback, useEffect, useState } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { useOnline } from '../../payments/use-online-call.ts';
import '../../payments/payments.css';

type LinkState = ChannelOutput<'integrations:evLinkState'>;
type LinkPage = ChannelOutput<'integrations:evLink'>;

const STATES: Readonly<Record<LinkState['state'], { label: string; tone: string }>> = {
  none: { label: 'Not linked', tone: 'muted' },
  pending: { label: 'Waiting for the car to be linked', tone: 'warn' },
  linked: { label: 'Linked', tone: 'ok' },
  failed: { label: 'Link failed', tone: 'danger' },
};
const OFFLINE = 'Needs the internet: this PC is offline. The link is made on the server, with Enode.';
/** While a link is pending, the server is asked again this often (Enode reports the car by webhook). */
const PENDING_POLL_MS = 10_000;

/**
 * The owner's "Link EV data (Enode)" on an electric fleet car: makes an Enode link page for the
 * car through the server and opens it (the external-link allow-list names Enode's hosts), shows
 * where the link stands (pending, linked with the car's last reading, failed) and unlinks.
 * Online only; the server checks the owner role and the tenant. Once linked, the car's charge and
 * odometer arrive on the vehicle row by sync and prefill pickup and return when recent.
 */
export function EvLinkPanel(props: { vehicle: Row }) {
  const { vehicle } = props;
  const api = useApi();
  const { toasts, now } = useDeps();
  const { locale } = useReference();
  const online = useOnline();
  const [state, setState] = useState<LinkState | null>(null);
  const [page, setPage] = useState<LinkPage | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmUnlink, setConfirmUnlink] = useState(false);
  const vehicleId = vehicle.id;

  const load = useCallback(async () => {
    try {
      setState(await api.call('integrations:evLinkState', { vehicleId }));
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [api, vehicleId]);

  // Again when the car's readings change on this PC (sync brought a report: it is linked now).
  useEffect(() => {
    if (online) void load();
  }, [online, load, vehicle.ev_charge_at, vehicle.ev_odometer_at]);
  useEffect(() => {
    if (!online || state?.state !== 'pending') return undefined;
    const timer = setInterval(() => void load(), PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [online, state?.state, load]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const link = () =>
    run(async () => {
      const made = await api.call('integrations:evLink', { vehicleId });
      setPage(made);
      toasts.getState().show('success', 'Enode link page made.');
      await load();
    });
  const open = (url: string) =>
    run(async () => {
      await api.call('app:openExternal', { url });
    });
  const unlink = () =>
    run(async () => {
      const answer = await api.call('integrations:evUnlink', { vehicleId });
      setConfirmUnlink(false);
      setPage(null);
      toasts.getState().show('success', answer.unlinked ? 'EV data unlinked.' : 'The car was not linked.');
      await load();
    });

  const shown = state ? STATES[state.state] : null;
  // Also before the state is known (offline on arrival): the button shows, disabled, with the reason.
  const canLink = state?.state !== 'linked';
  return (
    <div className="panel ev-link" data-testid="ev-link">
      <h2>EV data (Enode)</h2>
      <dl className="facts compact">
        <dt>Link</dt>
        <dd data-testid="ev-link-state">
          {shown ? <span className={`money-tag ${shown.tone}`}>{shown.label}</span> : <span className="muted">—</span>}
          {state?.reason ? <div className="muted small">{state.reason}</div> : null}
          {state?.state === 'pending' && state.linkExpiresAt ? (
            <div className="muted small">Link page valid until {formatDateTime(state.linkExpiresAt, locale)}</div>
          ) : null}
        </dd>
        <dt>Last reading</dt>
        <dd data-testid="ev-link-reading">
          {state?.lastReadingAt ? formatRelative(state.lastReadingAt, locale, now()) : '—'}
        </dd>
      </dl>
      <div className="actions">
        {canLink ? (
          <button type="button" className="button primary" disabled={busy || !online} onClick={() => void link()}>
            {!state || state.state === 'none' ? 'Link EV data (Enode)' : 'Make a new link page'}
          </button>
        ) : null}
        {page && !state?.sandbox && state?.state === 'pending' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void open(page.linkUrl)}>
            Open Enode’s link page
          </button>
        ) : null}
        {state?.state === 'linked' && !confirmUnlink ? (
          <button
            type="button"
            className="button danger-outline"
            disabled={busy || !online}
            onClick={() => setConfirmUnlink(true)}
          >
            Unlink
          </button>
        ) : null}
        {confirmUnlink ? (
          <>
            <span className="small">Stop receiving this car’s data?</span>
            <button
              type="button"
              className="button danger-outline"
              disabled={busy || !online}
              onClick={() => void unlink()}
            >
              Yes, unlink
            </button>
            <button type="button" className="button ghost" disabled={busy} onClick={() => setConfirmUnlink(false)}>
              Keep it
            </button>
          </>
        ) : null}
        {online ? (
          <button type="button" className="button ghost" disabled={busy} onClick={() => void load()}>
            Refresh
          </button>
        ) : (
          <span className="muted small" data-testid="ev-link-offline">
            {OFFLINE}
          </span>
        )}
      </div>
      {page && state?.sandbox && state.state === 'pending' ? (
        <p className="muted small" data-testid="ev-link-sandbox">
          Sandbox: no Enode account is set up on the server, so there is no page to open. The car shows as linked when
          Enode reports it.
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
