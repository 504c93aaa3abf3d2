import { useEffect, useRef } from 'react';
import { useDeps, useSync } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { asSentence, formatDateTime, formatRelative } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { rejectionAdvice } from '../describe.ts';
import type { SyncStatus } from '../store.ts';
import { ChangeTitle } from './ChangeTitle.tsx';
import { ConflictList } from './ConflictList.tsx';

/** The drawer behind the sync badge: refused changes, conflicts, and what is still waiting. */
export function SyncPanel() {
  const { sync } = useDeps();
  const open = useSync((state) => state.panelOpen);
  const status = useSync((state) => state.status);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);
  if (!open || !status) return null;
  const close = () => sync.getState().setPanelOpen(false);

  return (
    <aside className="drawer" role="dialog" aria-label="Sync" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <header className="drawer-head">
        <h2>Sync</h2>
        <button ref={closeButton} type="button" className="button ghost" onClick={close} aria-label="Close sync panel">
          Close <kbd className="kbd">Esc</kbd>
        </button>
      </header>
      <SyncSummary status={status} />
      <RejectionList status={status} />
      <ConflictList />
      <PendingList />
    </aside>
  );
}

function SyncSummary(props: { status: SyncStatus }) {
  const { sync, toasts, now } = useDeps();
  const syncing = useSync((state) => state.syncing);
  const { locale } = useReference();
  const { status } = props;
  const syncNow = async () => {
    try {
      const after = await sync.getState().syncNow();
      if (after.online) toasts.getState().show('success', 'Synced with the server.');
      else toasts.getState().show('error', 'The server cannot be reached. Changes stay saved on this PC.');
    } catch (error) {
      toasts.getState().show('error', messageOf(error));
    }
  };
  return (
    <section className="drawer-section sync-summary">
      <div className={status.online ? 'pill pill-ok' : 'pill pill-warn'}>{status.online ? 'Online' : 'Offline'}</div>
      <div>
        Last synced {formatRelative(status.lastSyncAt, locale, now())}
        {status.lastError && (!status.online || status.lastError.code === 'payment-required') ? (
          <div className="muted small">Last problem: {asSentence(status.lastError.message)}</div>
        ) : null}
        {!status.online ? (
          <div className="muted small">Work continues on this PC; changes are sent when the server is back.</div>
        ) : null}
      </div>
      <button type="button" className="button" onClick={() => void syncNow()} disabled={syncing}>
        {syncing ? 'Syncing…' : 'Sync now'}
      </button>
    </section>
  );
}

function RejectionList(props: { status: SyncStatus }) {
  const { sync } = useDeps();
  const { locale, userName } = useReference();
  const { rejections } = props.status;
  return (
    <section className="drawer-section" aria-labelledby="rejected-title">
      <h3 id="rejected-title">Refused by the server ({rejections.length})</h3>
      {rejections.length === 0 ? <p className="muted">None. Every change sent so far was accepted.</p> : null}
      {rejections.map((rejection) => (
        <article key={rejection.mutationId} className="card rejection" data-testid="rejection">
          <div className="card-title">
            <ChangeTitle name={rejection.name} args={rejection.args} locale={locale} />
          </div>
          <div className="reason">
            <strong>Reason:</strong> {asSentence(rejection.message)}
          </div>
          <div className="advice">
            <strong>What to do:</strong> {rejectionAdvice(rejection.code)}
          </div>
          <div className="card-foot">
            <span className="muted small">
              By {userName(rejection.actorId)}, {formatDateTime(rejection.createdAt, locale)}
            </span>
            <button
              type="button"
              className="button small"
              onClick={() => void sync.getState().dismissRejection(rejection.mutationId)}
            >
              Dismiss
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}

function PendingList() {
  const pending = useSync((state) => state.pending);
  const { locale } = useReference();
  return (
    <section className="drawer-section" aria-labelledby="pending-title">
      <h3 id="pending-title">Waiting to sync ({pending.length})</h3>
      {pending.length === 0 ? <p className="muted">Nothing waiting. Everything on this PC is on the server.</p> : null}
      <ol className="pending-list">
        {pending.map((mutation) => (
          <li key={mutation.mutationId} data-testid="pending-item">
            <ChangeTitle name={mutation.name} args={mutation.args} locale={locale} />
            <span className="muted small">{formatDateTime(mutation.createdAt, locale)}</span>
            {mutation.localError ? <div className="field-error">May be refused: {mutation.localError}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
