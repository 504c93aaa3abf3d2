import { useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { ApiError } from '../../../../common/api.ts';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { useServerData } from '../use-server-data.ts';
import { LoadProblem } from './LoadProblem.tsx';

type Reader = ChannelOutput<'integrations:terminalReaders'>['readers'][number];

const CODE = /^[A-Za-z0-9-]{3,64}$/;
const LOCATION = /^tml_[A-Za-z0-9]+$/;

/** What went wrong registering, in the owner's words; the server's sentence says the rest. */
function registerProblem(error: unknown): string {
  const message = messageOf(error);
  if (!(error instanceof ApiError)) return message;
  if (error.code === 'forbidden') return `Not allowed: ${message}`;
  if (error.code === 'unavailable') return `${message} Nothing was registered; try again.`;
  return message;
}

/**
 * The company's Stripe Terminal readers, per site, and (live mode) registering a new one with the
 * code the reader shows and its Stripe location. The server checks roles and tenants and asks
 * Stripe; in the sandbox every site has one simulated reader and there is nothing to register.
 */
export function CardReadersPanel() {
  const api = useApi();
  const { toasts } = useDeps();
  const { sites, siteName } = useReference();
  const readers = useServerData('integrations:terminalReaders', null);
  const [siteId, setSiteId] = useState('');
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [location, setLocation] = useState('');
  // One id per registration asked for: the same fields sent again (a retry after a timeout) are
  // the same registration at Stripe; changed fields are a new request (Stripe refuses a key reused
  // with other parameters, and keeps its answer to a refused one).
  const request = useRef<{ fields: string; id: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosenSite = siteId || text(sites[0]?.id);
  const codeProblem =
    code.trim() !== '' && !CODE.test(code.trim())
      ? 'The code the reader shows: letters, digits and dashes, 3 to 64 characters.'
      : null;
  const locationProblem =
    location.trim() !== '' && !LOCATION.test(location.trim())
      ? 'A Stripe Terminal location id starts with tml_ (Stripe Dashboard → Terminal → Locations).'
      : null;
  const ready =
    chosenSite !== '' &&
    code.trim() !== '' &&
    label.trim() !== '' &&
    location.trim() !== '' &&
    !codeProblem &&
    !locationProblem;

  const register = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    const fields = {
      siteId: chosenSite,
      registrationCode: code.trim(),
      label: label.trim(),
      locationId: location.trim(),
    };
    const key = JSON.stringify(fields);
    if (request.current?.fields !== key) request.current = { fields: key, id: crypto.randomUUID() };
    try {
      const reader = await api.call('integrations:registerTerminalReader', {
        requestId: request.current.id,
        ...fields,
      });
      toasts.getState().show('success', `“${reader.label}” is registered for ${siteName(reader.siteId)}.`);
      setCode('');
      setLabel('');
      setLocation('');
      request.current = null;
      readers.reload();
    } catch (failure) {
      setError(registerProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  const data = readers.data;
  const bySite = new Map<string, Reader[]>();
  for (const reader of data?.readers ?? []) bySite.set(reader.siteId, [...(bySite.get(reader.siteId) ?? []), reader]);
  const siteIds = [
    ...sites.map((site) => text(site.id)).filter((id) => bySite.has(id) || data?.mode === 'live'),
    ...[...bySite.keys()].filter((id) => !sites.some((site) => site.id === id)),
  ];

  return (
    <div className="panel" data-testid="card-readers">
      <div className="integrations-head screen-head">
        <h2>Card readers</h2>
        {data ? (
          <span className={data.mode === 'live' ? 'pill pill-ok' : 'pill pill-neutral'}>
            {data.mode === 'live' ? 'Live' : 'Sandbox'}
          </span>
        ) : null}
        <button type="button" className="button small" onClick={readers.reload} disabled={readers.loading}>
          Refresh
        </button>
      </div>
      {readers.error ? <LoadProblem error={readers.error} onRetry={readers.reload} /> : null}
      {data?.mode === 'sandbox' ? (
        <div className="notice" data-testid="readers-sandbox">
          <strong>Sandbox mode</strong>: the server has no Stripe account (no STRIPE_SECRET_KEY), so each site has one
          simulated reader that takes a test card a few seconds after it shows the amount. There is nothing to register;
          real readers can be added here once the server is connected to Stripe.
        </div>
      ) : null}
      {data?.mode === 'live' ? (
        <form className="form-grid card-reader-form" onSubmit={register} aria-label="Register a reader">
          <Field label="Site">
            {(id) => (
              <select id={id} value={chosenSite} onChange={(e) => setSiteId(e.target.value)}>
                {sites.map((site) => (
                  <option key={text(site.id)} value={text(site.id)}>
                    {text(site.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Registration code"
            hint="Shown on the reader: Settings → Generate pairing code"
            error={codeProblem}
          >
            {(id) => (
              <input
                id={id}
                value={code}
                maxLength={64}
                autoComplete="off"
                placeholder="e.g. sepia-cerulean-aardvark"
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <Field label="Label" hint="How the counter names it">
            {(id) => (
              <input
                id={id}
                value={label}
                maxLength={80}
                placeholder="e.g. Front desk"
                onChange={(e) => setLabel(e.target.value)}
              />
            )}
          </Field>
          <Field label="Stripe location id" hint="Made in Stripe’s dashboard for this site" error={locationProblem}>
            {(id) => (
              <input
                id={id}
                value={location}
                maxLength={80}
                autoComplete="off"
                placeholder="tml_…"
                onChange={(e) => setLocation(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy || !ready}>
              {busy ? 'Asking Stripe…' : 'Register reader'}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {data && siteIds.length === 0 ? <div className="empty">No readers yet.</div> : null}
      {data
        ? siteIds.map((id) => (
            <section key={id} className="card-reader-site" aria-label={`Readers of ${siteName(id)}`}>
              <h3>{siteName(id)}</h3>
              {(bySite.get(id) ?? []).length === 0 ? (
                <div className="muted small">No reader at this site yet.</div>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>Label</th>
                      <th>Stripe reader</th>
                      <th>Location</th>
                      <th>Device</th>
                      <th>Mode</th>
                      <th>Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(bySite.get(id) ?? []).map((reader) => (
                      <tr key={reader.id}>
                        <td className="strong">{reader.label}</td>
                        <td className="mono small">{reader.stripeReaderId ?? reader.id}</td>
                        <td className="mono small">{reader.locationId ?? <span className="muted">—</span>}</td>
                        <td>{reader.deviceType ?? <span className="muted">—</span>}</td>
                        <td>
                          <span className={reader.mode === 'live' ? 'pill pill-ok' : 'pill pill-neutral'}>
                            {reader.mode === 'live' ? 'Live' : 'Sandbox'}
                          </span>
                        </td>
                        <td>
                          {reader.busy ? (
                            <span className="pill pill-warn">Taking a card</span>
                          ) : (
                            <span className="pill pill-ok">Ready</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))
        : null}
    </div>
  );
}
